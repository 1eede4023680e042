/**
 * The submission benchmark: buyer units submit purchase intents (3–5 lines each) at the same
 * time, and some send the very same form twice (a double click, a retry). It reports
 * submissions per second and checks the outcome in the database: every acknowledged
 * submission stored once, nothing failed, nothing duplicated.
 *
 * The app is the production build on a fresh SQLite DATA_DIR with the demo data (115 products),
 * started as a child process. The units and their accounts are inserted directly into the
 * app's database; each unit then signs in and fills its intent list through the real pages
 * (not timed). Only the final "确认提交" POSTs are timed, sent CONCURRENCY at a time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password';
import { User } from '../auth/user.entity';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { creditCodeCheckChar } from '../common/credit-code';
import { loadConfig } from '../config/app-config';
import { databaseOptions } from '../database/database-options';
import { IntentLine } from '../intents/intent-line.entity';
import { Intent } from '../intents/intent.entity';
import { Product } from '../products/product.entity';
import { BenchBrowser } from './bench-browser';
import { DIST_DIR, startServer } from './bench-support';
import type { BenchSection } from './run-bench';

/** Exactly the keys of the intents section in `--json` output. */
export interface IntentsBenchResult {
  perSecond: number;
  submitted: number;
  stored: number;
  failed: number;
  duplicated: number;
}

const UNITS = 300;
/** One in ten forms is sent a second time, at the same moment as the first. */
const RETRY_EVERY = 10;
/** Submissions in flight at once (like autocannon's connections in the other sections). */
const CONCURRENCY = 20;
const PASSWORD = 'bench-password-1';

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

async function createUnits(db: DataSource): Promise<string[]> {
  const hash = await hashPassword(PASSWORD);
  const names: string[] = [];
  await db.transaction(async (m) => {
    for (let i = 0; i < UNITS; i++) {
      const body = `12341302MB${String(i).padStart(7, '0')}`;
      const unit = await m.getRepository(BuyerUnit).save(
        m.getRepository(BuyerUnit).create({
          name: `压测采购单位${i}`,
          type: '学校',
          creditCode: body + creditCodeCheckChar(body),
          contactName: `联系人${i}`,
          mobile: `139${String(i).padStart(8, '0')}`,
          address: '压测地址',
        }),
      );
      const username = `bench-buyer-${i}`;
      await m
        .getRepository(User)
        .insert({ username, displayName: unit.contactName, role: 'buyer', buyerUnitId: unit.id, passwordHash: hash });
      names.push(username);
    }
  });
  return names;
}

/** Signs in, puts 3–5 products on the list and opens the submission form: the form fields to send. */
async function prepare(
  base: string,
  username: string,
  productIds: number[],
  i: number,
): Promise<{ browser: BenchBrowser; fields: Record<string, string> }> {
  const browser = new BenchBrowser(base);
  const login = await browser.post('/login', {
    _csrf: BenchBrowser.token((await browser.get('/login')).body),
    username,
    password: PASSWORD,
  });
  if (login.status !== 303) throw new Error(`log-in of ${username} answered ${login.status}`);
  // Signed in, every page carries a token (the header's log-out form).
  const token = BenchBrowser.token((await browser.get('/intent-list')).body);
  for (let k = 0; k < 3 + (i % 3); k++) {
    const productId = productIds[(i * 7 + k * 13) % productIds.length];
    const res = await browser.post('/intent-list/items', { _csrf: token, productId: String(productId), quantity: '50' });
    if (res.status !== 303) throw new Error(`adding a product answered ${res.status}`);
  }
  const form = (await browser.get('/intent-list/submit')).body;
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(form);
  if (!key) throw new Error('no submission form');
  return {
    browser,
    fields: { _csrf: BenchBrowser.token(form), idempotencyKey: key[1], contactName: '压测联系人', contactPhone: '13900000000', note: '' },
  };
}

export const intentsBench: BenchSection<IntentsBenchResult> = {
  name: 'intents',
  async run(_settings, log) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-bench-intents-'));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'true', NODE_ENV: 'production', LOG_LEVEL: 'warn' };
    // The 300 units sign in from this one address within seconds (not timed): allow it, as behind one NAT address.
    env.LOGIN_LIMIT_PER_ADDRESS = '1000';
    delete env.DATABASE_URL;
    const server = await startServer(path.join(DIST_DIR, 'main.js'), [], env, '/health');
    const db = await new DataSource(databaseOptions(loadConfig({ DATA_DIR: dataDir }))).initialize();
    try {
      const productIds = (await db.getRepository(Product).find({ where: { status: 'published' }, select: { id: true } })).map((p) => p.id);
      log(`creating ${UNITS} buyer units and filling their intent lists (not timed)…`);
      const usernames = await createUnits(db);
      const prepared = await pool(
        usernames.map((u, i) => ({ u, i })),
        10,
        ({ u, i }) => prepare(server.url, u, productIds, i),
      );
      const sends = [...prepared, ...prepared.filter((_, i) => i % RETRY_EVERY === 0)];
      log(
        `sending ${sends.length} submissions (${prepared.length} forms, ${sends.length - prepared.length} sent twice), ${CONCURRENCY} at a time…`,
      );
      const started = process.hrtime.bigint();
      const answers = await pool(sends, CONCURRENCY, ({ browser, fields }) =>
        browser.post('/intent-list/submit', fields).catch(() => null),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;

      const acknowledged = answers.filter((a) => a?.status === 303 && /^\/my\/intents\/\d+$/.test(a.location ?? ''));
      // Only the bench's own units: the demo data has intents of its own.
      const benchUnits = `SELECT id FROM buyer_unit WHERE name LIKE '压测采购单位%'`;
      const [{ n: storedCount }]: { n: string }[] = await db.query(
        `SELECT COUNT(*) AS n FROM intent WHERE "buyerUnitId" IN (${benchUnits})`,
      );
      const stored = Number(storedCount);
      const perUnit: { n: string }[] = await db.query(
        `SELECT COUNT(*) AS n FROM intent WHERE "buyerUnitId" IN (${benchUnits}) GROUP BY "buyerUnitId" HAVING COUNT(*) > 1`,
      );
      const withoutLines = await db
        .getRepository(Intent)
        .createQueryBuilder('i')
        .where((qb) => `NOT EXISTS ${qb.subQuery().select('1').from(IntentLine, 'l').where('l.intentId = i.id').getQuery()}`)
        .getCount();
      if (withoutLines > 0) log(`${withoutLines} intents without lines!`);
      // perSecond counts distinct submissions completed per second; the second copies of the
      // retried forms are extra work within the same time.
      const json: IntentsBenchResult = {
        perSecond: Number((prepared.length / seconds).toFixed(1)),
        submitted: prepared.length,
        stored,
        failed: answers.length - acknowledged.length,
        duplicated: perUnit.reduce((s, r) => s + Number(r.n) - 1, 0),
      };
      return {
        json,
        table: [
          ['submissions (3–5 lines each)', 'per second', 'submitted', 'requests sent', 'stored', 'failed', 'duplicated'],
          [
            `${CONCURRENCY} at a time, SQLite`,
            String(json.perSecond),
            String(json.submitted),
            String(sends.length),
            String(json.stored),
            String(json.failed),
            String(json.duplicated),
          ],
        ],
      };
    } finally {
      await db.destroy();
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
