import type { DataSource } from 'typeorm';
import { IntentLine } from '../../src/intents/intent-line.entity';
import { IntentListItem } from '../../src/intents/intent-list-item.entity';
import { Intent } from '../../src/intents/intent.entity';
import type { Product } from '../../src/products/product.entity';
import { makeBuyerUnit, makeCounty, makeProduct, makeUser, currentFairId } from './factories';
import { WebClient, type WebResponse } from './web-client';

/**
 * Submission bursts against spawned apps (fault, backup and two-instance tests): buyer
 * units with a ready intent list, their signed-in browsers with the submit form filled in,
 * and the checks that every acknowledged submission was stored exactly once.
 */

export interface Buyer {
  username: string;
  unitId: number;
  /** Lines on the unit's intent list, hence on its intent. */
  lineCount: number;
}

/** `n` buyer units with a user each and 1–3 lines on their intent list (written directly, for speed). */
export async function makeBuyersWithLists(db: DataSource, n: number): Promise<Buyer[]> {
  const county = await makeCounty(db);
  const products: Product[] = [];
  for (let i = 0; i < 3; i++) products.push(await makeProduct(db, county, { minOrder: 1, capacity: 1_000_000 }));
  const buyers: Buyer[] = [];
  const fairId = await currentFairId(db);
  for (let i = 0; i < n; i++) {
    const unit = await makeBuyerUnit(db);
    const user = await makeUser(db, 'buyer', { buyerUnitId: unit.id });
    const lineCount = 1 + (i % 3);
    await db
      .getRepository(IntentListItem)
      .insert(
        products
          .slice(0, lineCount)
          .map((p, k) => ({ fairId, buyerUnitId: unit.id, visitorSessionId: null, productId: p.id, quantity: 1 + ((i + k) % 5) })),
      );
    buyers.push({ username: user.username, unitId: unit.id, lineCount });
  }
  return buyers;
}

export interface PreparedSubmission {
  buyer: Buyer;
  client: WebClient;
  /** The submit form as the browser would post it (CSRF token and idempotency key included). */
  fields: Record<string, string>;
}

/** In batches, so the test does not open hundreds of sockets at once. */
export async function inBatches<T, R>(items: T[], size: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((x, j) => fn(x, i + j)))));
  return out;
}

/** Signs each buyer in and opens the submit form; buyer i uses instance `bases[i % bases.length]`. */
export async function prepareSubmissions(buyers: Buyer[], bases: string[]): Promise<PreparedSubmission[]> {
  return inBatches(buyers, 10, async (buyer, i) => {
    const client = await new WebClient(bases[i % bases.length]).signIn(buyer.username);
    const page = await client.get('/intent-list/submit');
    if (page.status !== 200) throw new Error(`submit form for ${buyer.username}: ${page.status}`);
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page.text)?.[1];
    return {
      buyer,
      client,
      fields: { _csrf: field('_csrf')!, idempotencyKey: field('idempotencyKey')!, contactName: '联系人', contactPhone: '13800000000' },
    };
  });
}

/** Posts the prepared form; a network failure (the server was killed) resolves as null. */
export function send(submission: PreparedSubmission, base?: string): Promise<WebResponse | null> {
  return submission.client.postForm('/intent-list/submit', submission.fields, base).catch(() => null);
}

/** The intent id of an acknowledged submission (303 to /my/intents/<id>), or null. */
export function acknowledgedId(res: WebResponse | null): number | null {
  if (!res || res.status !== 303) return null;
  const m = /^\/my\/intents\/(\d+)$/.exec(res.location ?? '');
  return m ? Number(m[1]) : null;
}

export interface StoredIntents {
  intents: Intent[];
  linesByIntent: Map<number, number>;
}

export async function storedIntents(db: DataSource): Promise<StoredIntents> {
  const intents = await db.getRepository(Intent).find({ order: { id: 'ASC' } });
  const lines = await db.getRepository(IntentLine).find();
  const linesByIntent = new Map<number, number>();
  for (const l of lines) linesByIntent.set(l.intentId, (linesByIntent.get(l.intentId) ?? 0) + 1);
  return { intents, linesByIntent };
}

/**
 * What must hold after any crash: no intent without lines, no unit with two intents from
 * one form, reference numbers unique, and every acknowledged submission stored — once, with
 * all its lines. Returns the problems found (empty when all is well).
 */
export function consistencyProblems(
  stored: StoredIntents,
  submissions: PreparedSubmission[],
  acknowledged: Map<PreparedSubmission, number>,
): string[] {
  const problems: string[] = [];
  const { intents, linesByIntent } = stored;
  for (const intent of intents) {
    if (!linesByIntent.get(intent.id)) problems.push(`intent ${intent.id} (${intent.referenceNo}) has no lines`);
  }
  const refs = intents.map((i) => i.referenceNo);
  if (new Set(refs).size !== refs.length) problems.push('reference numbers are not unique');
  const keys = intents.map((i) => i.idempotencyKey);
  if (new Set(keys).size !== keys.length) problems.push('an idempotency key was stored twice');
  for (const s of submissions) {
    const mine = intents.filter((i) => i.idempotencyKey === s.fields.idempotencyKey);
    if (mine.length > 1) problems.push(`${s.buyer.username}: ${mine.length} intents for one form`);
    if (mine.length === 1) {
      if (mine[0].buyerUnitId !== s.buyer.unitId) problems.push(`${s.buyer.username}: intent stored for another unit`);
      if (linesByIntent.get(mine[0].id) !== s.buyer.lineCount)
        problems.push(`${s.buyer.username}: ${linesByIntent.get(mine[0].id) ?? 0} of ${s.buyer.lineCount} lines`);
    }
    const ackId = acknowledged.get(s);
    if (ackId !== undefined && (mine.length !== 1 || mine[0].id !== ackId))
      problems.push(`${s.buyer.username}: acknowledged intent ${ackId} is missing`);
  }
  return problems;
}
