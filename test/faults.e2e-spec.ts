import Database from 'better-sqlite3';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../src/audit/audit-log.entity';
import { Product } from '../src/products/product.entity';
import { productRow, templateWith } from './support/testing-sheets';
import { makeCounty, makeUser } from './support/factories';
import { csrfFrom } from './support/http';
import { appEnv, ensureBuilt, openDatabase, startApp, type AppEnv, type SpawnedApp } from './support/spawned-app';
import {
  acknowledgedId,
  consistencyProblems,
  makeBuyersWithLists,
  prepareSubmissions,
  send,
  storedIntents,
  type PreparedSubmission,
} from './support/submissions';
import { createTestDatabase, usingPostgres } from './support/test-app';
import { WebClient, type WebResponse } from './support/web-client';

/**
 * The built app is killed with SIGKILL (no shutdown code runs) in the middle of writing,
 * then started again on the same database: what it had acknowledged must be there, and
 * nothing may be half-written. Needs dist/ (built here when missing or stale).
 */

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROWS = 2000;
const UNITS = 40;
const RETRIES = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`SIGKILL in the middle of writing, then a restart (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: AppEnv;
  let db: DataSource;
  let app: SpawnedApp | undefined;

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    env = appEnv(database);
    db = await openDatabase(env);
  }, 180_000);
  afterAll(async () => {
    await app?.stop('SIGKILL');
    await db?.destroy();
    await database?.drop();
  });

  /**
   * Whether some connection of the app holds an open transaction that has written: on
   * SQLite the write lock is taken (BEGIN IMMEDIATE fails at once), on PostgreSQL a backend
   * has a transaction id.
   */
  async function writerActive(): Promise<boolean> {
    if (usingPostgres()) {
      const [row] = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`,
      );
      return row.n > 0;
    }
    const probe = new Database(path.join(env.DATA_DIR, 'fupin-expo.sqlite'), { timeout: 0 });
    try {
      probe.exec('BEGIN IMMEDIATE');
      probe.exec('ROLLBACK');
      return false;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
      throw err;
    } finally {
      probe.close();
    }
  }

  /** Kills the running app hard and starts a new one on the same database and DATA_DIR. */
  async function killAndRestart(): Promise<SpawnedApp> {
    const exit = await app!.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    app = await startApp(env);
    return app;
  }

  describe('an Excel import of 2,000 products', () => {
    let sheet: Buffer;

    beforeAll(async () => {
      sheet = await templateWith(Array.from({ length: ROWS }, (_, i) => productRow(i + 1)));
      app ??= await startApp(env);
    }, 60_000);

    /** A new county and its operator, signed in, with the sheet uploaded and previewed. */
    async function previewed(): Promise<{ countyId: number; client: WebClient; confirm: Record<string, string> }> {
      const county = await makeCounty(db);
      const user = await makeUser(db, 'county', { countyId: county.id });
      const client = await new WebClient(app!.url).signIn(user.username);
      const token = csrfFrom((await client.get('/county/import')).text);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(sheet)], { type: XLSX_TYPE }), 'import.xlsx');
      const preview = await client.request('POST', `/county/import?_csrf=${encodeURIComponent(token)}`, { body: form });
      expect(preview.status).toBe(200);
      const importId = /name="importId" value="([0-9a-f]{32})"/.exec(preview.text)![1];
      return { countyId: county.id, client, confirm: { _csrf: csrfFrom(preview.text), importId } };
    }

    /** Resolves when the app's import transaction has begun writing (polled every 10 ms). */
    async function transactionStarted(): Promise<number> {
      for (let i = 0; i < 3000; i++) {
        if (await writerActive()) return Date.now();
        await sleep(10);
      }
      throw new Error('the import transaction never started');
    }

    it('leaves either none or all of the rows after a kill at any moment of the confirmation', async () => {
      // Unharmed first: how long the transaction takes here, and that it imports everything.
      const first = await previewed();
      const confirmed = first.client.postForm('/county/import/confirm', first.confirm);
      const began = await transactionStarted();
      const done = await confirmed;
      const duration = Date.now() - began;
      expect(done.status).toBe(303);
      expect(await db.getRepository(Product).countBy({ countyId: first.countyId })).toBe(ROWS);
      let auditBefore = await db.getRepository(AuditLog).countBy({ action: 'product.import' });

      // Then killed at spread-out, jittered moments inside the transaction.
      const outcomes: string[] = [];
      for (const fraction of [0.1, 0.35, 0.6, 0.85]) {
        const run = await previewed();
        const confirming = run.client.postForm('/county/import/confirm', run.confirm).catch(() => null);
        await transactionStarted();
        const delay = Math.round(duration * (fraction + Math.random() * 0.15));
        await sleep(delay);
        await killAndRestart();
        const answer: WebResponse | null = await confirming;

        const products = await db.getRepository(Product).countBy({ countyId: run.countyId });
        const audit = await db.getRepository(AuditLog).countBy({ action: 'product.import' });
        outcomes.push(`${delay} ms → ${products}${answer ? ` (answered ${answer.status})` : ''}`);
        expect([0, ROWS]).toContain(products);
        // The audit records are written in the same transaction: all of them or none.
        expect(audit - auditBefore).toBe(products);
        auditBefore = audit;
        // An answered confirmation was committed first.
        if (answer?.status === 303) expect(products).toBe(ROWS);
      }
      console.log(
        `the import transaction of ${ROWS} rows takes ${duration} ms; killed that long into it → products: ${outcomes.join(', ')}`,
      );
    }, 100_000);
  });

  describe('a burst of intent submissions', () => {
    let submissions: PreparedSubmission[];

    beforeAll(async () => {
      const buyers = await makeBuyersWithLists(db, UNITS);
      app ??= await startApp(env);
      submissions = await prepareSubmissions(buyers, [app.url]);
    }, 60_000);

    it('keeps every acknowledged submission exactly once with all its lines, and half-done ones retry cleanly', async () => {
      const acknowledged = new Map<PreparedSubmission, number>();
      let answered = 0;
      const victim = app!;
      // Every unit submits at once, some twice (a double click); the server dies a third of the way through.
      const sends = [...submissions, ...submissions.slice(0, RETRIES)].map((s) =>
        send(s).then((res) => {
          const id = acknowledgedId(res);
          if (id !== null) {
            if (acknowledged.has(s) && acknowledged.get(s) !== id) throw new Error(`${s.buyer.username}: two intents acknowledged`);
            acknowledged.set(s, id);
          }
          if (res && ++answered === Math.floor(UNITS / 3)) victim.child.kill('SIGKILL');
          return res;
        }),
      );
      const responses = await Promise.all(sends);
      await victim.exited;
      const lost = responses.filter((r) => r === null).length;
      expect(acknowledged.size).toBeGreaterThan(0);
      expect(lost).toBeGreaterThan(0); // the kill did land in the middle of the burst

      await killAndRestart();
      const afterCrash = await storedIntents(db);
      expect(consistencyProblems(afterCrash, submissions, acknowledged)).toEqual([]);

      // The browsers whose answer was lost send the same form again: stored once, never twice.
      const retried = await Promise.all(
        submissions.filter((s) => !acknowledged.has(s)).map((s) => send(s, app!.url).then((r) => [s, r] as const)),
      );
      for (const [s, res] of retried) {
        expect(res?.status).toBe(303);
        acknowledged.set(s, acknowledgedId(res)!);
      }
      const final = await storedIntents(db);
      expect(consistencyProblems(final, submissions, acknowledged)).toEqual([]);
      const units = new Set(submissions.map((s) => s.buyer.unitId));
      expect(final.intents.filter((i) => units.has(i.buyerUnitId))).toHaveLength(UNITS);
      console.log(
        `${UNITS} units + ${RETRIES} double submissions: ${acknowledged.size - retried.length} acknowledged before the kill, ` +
          `${afterCrash.intents.filter((i) => units.has(i.buyerUnitId)).length} stored after the restart, ${retried.length} sent again → ${UNITS} intents`,
      );
    }, 60_000);
  });
});
