import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { DataSource } from 'typeorm';
import { parseBackupArgs, runBackupCli } from '../src/ops/backup-cli';
import { appEnv, ensureBuilt, openDatabase, startApp, type AppEnv, type SpawnedApp } from './support/spawned-app';
import {
  acknowledgedId,
  makeBuyersWithLists,
  prepareSubmissions,
  send,
  storedIntents,
  type PreparedSubmission,
} from './support/submissions';
import { createTestDatabase, usingPostgres } from './support/test-app';

/** Runs `npm run backup` in-process with its own environment; resolves with the exit code and what it printed. */
async function backup(args: string[], env: NodeJS.ProcessEnv) {
  const out = { stdout: '', stderr: '' };
  const stdout = new PassThrough().on('data', (c: Buffer) => (out.stdout += c.toString()));
  const stderr = new PassThrough().on('data', (c: Buffer) => (out.stderr += c.toString()));
  const code = await runBackupCli(args, { env: { NODE_ENV: 'test', ...env }, stdout, stderr });
  return { code, ...out };
}

describe('npm run backup', () => {
  it('reads --out, --out= and --force, and refuses anything else with the usage', async () => {
    expect(parseBackupArgs(['--out', 'a.sqlite'])).toEqual({ out: 'a.sqlite', force: false });
    expect(parseBackupArgs(['--out=b.sqlite', '--force'])).toEqual({ out: 'b.sqlite', force: true });
    expect(parseBackupArgs(['--help'])).toBe('help');
    const missing = await backup([], { DATA_DIR: '/nonexistent' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('请用 --out 指定备份文件');
    expect(missing.stderr).toContain('用法：npm run backup');
    expect((await backup(['--out', 'x', '--colour'], {})).stderr).toContain('未知选项 --colour');
  });

  it('points to pg_dump on PostgreSQL, exits non-zero and never prints the password', async () => {
    const run = await backup(['--out', 'fupin.sqlite'], { DATABASE_URL: 'postgres://fupin:s3cret-pw@db.internal:5432/fupin' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pg_dump --format=custom');
    expect(run.stderr).toContain('pg_restore');
    expect(run.stderr).toContain('postgres://fupin:****@db.internal:5432/fupin');
    expect(run.stderr).not.toContain('s3cret-pw');
    expect(run.stdout).toBe('');
  });

  // The SQLite suite runs in the SQLite pass (CI runs the suite on both engines).
  (usingPostgres() ? describe.skip : describe)('on SQLite, while the app runs and writes', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let env: AppEnv;
    let db: DataSource;
    let app: SpawnedApp;
    let submissions: PreparedSubmission[];
    let target: string;

    beforeAll(async () => {
      ensureBuilt();
      database = await createTestDatabase();
      env = appEnv(database);
      db = await openDatabase(env);
      // Some bulk (≈ 10 MB), so that the copy takes long enough for writes to happen during it.
      await db.query(
        `INSERT INTO audit_log (username, action, entityType, entityId, changes, createdAt)
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
         SELECT 'bulk', 'bulk.fill', 'test', i, '{"note":{"before":null,"after":"' || hex(randomblob(120)) || '"}}', datetime('now') FROM n`,
      );
      const buyers = await makeBuyersWithLists(db, 30);
      app = await startApp(env);
      submissions = await prepareSubmissions(buyers, [app.url]);
      target = path.join(env.DATA_DIR, 'backups', 'fupin-20201017.sqlite');
      fs.mkdirSync(path.dirname(target));
    }, 180_000);
    afterAll(async () => {
      await app?.stop('SIGKILL');
      if (db?.isInitialized) await db.destroy();
      await database?.drop();
    });

    it('copies one consistent snapshot while submissions are being stored, checks it and prints the counts', async () => {
      const before = new Set<number>();
      let backupStarted = false;
      let duringBackup = 0;
      let first!: () => void;
      const firstAnswers = new Promise<void>((resolve) => (first = resolve));
      const sends = submissions.map((s) =>
        send(s).then((res) => {
          const id = acknowledgedId(res);
          if (id === null) throw new Error(`${s.buyer.username}: ${res?.status} ${res?.text.slice(0, 200)}`);
          if (backupStarted) duringBackup++;
          else before.add(id);
          if (before.size === 5) first();
          return id;
        }),
      );
      await firstAnswers;
      backupStarted = true;
      const run = await backup(['--out', target], env);
      const all = await Promise.all(sends);

      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`已备份 SQLite 数据库：${target}`);
      expect(run.stdout).toMatch(/大小 \d+\.\d MB，完整性检查 ok/);
      expect(run.stdout).toMatch(/操作记录 3\d,\d{3}/);
      expect(fs.readdirSync(path.dirname(target))).toEqual([path.basename(target)]); // no .part, -wal or -shm left

      const copy = new Database(target, { readonly: true, fileMustExist: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
        const intents = copy.prepare('SELECT id, referenceNo, idempotencyKey, buyerUnitId FROM intent').all() as {
          id: number;
          referenceNo: string;
          idempotencyKey: string;
          buyerUnitId: number;
        }[];
        const lines = new Map(
          (
            copy.prepare('SELECT intentId, COUNT(*) AS n FROM intent_line GROUP BY intentId').all() as { intentId: number; n: number }[]
          ).map((r) => [r.intentId, r.n]),
        );
        // Acknowledged before the backup began → in it; every intent in it complete and also in the live database.
        for (const id of before) expect(intents.some((i) => i.id === id)).toBe(true);
        const live = await storedIntents(db);
        for (const intent of intents) {
          const submission = submissions.find((s) => s.fields.idempotencyKey === intent.idempotencyKey)!;
          expect(lines.get(intent.id)).toBe(submission.buyer.lineCount);
          expect(live.intents.find((i) => i.id === intent.id)?.referenceNo).toBe(intent.referenceNo);
        }
        expect((copy.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'bulk.fill'`).get() as { n: number }).n).toBe(30000);
        expect((copy.prepare('SELECT COUNT(*) AS n FROM session').get() as { n: number }).n).toBeGreaterThanOrEqual(submissions.length);
        console.log(
          `backup of ${(fs.statSync(target).size / 1024 / 1024).toFixed(1)} MB: ${intents.length} of ${all.length} intents ` +
            `(${before.size} acknowledged before it began, ${duringBackup} while it ran)`,
        );
      } finally {
        copy.close();
      }
    }, 60_000);

    it('refuses to overwrite an existing file unless --force is given', async () => {
      const size = fs.statSync(target).size;
      const refused = await backup(['--out', target], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`文件已存在：${target}`);
      expect(refused.stderr).toContain('--force');
      expect(fs.statSync(target).size).toBe(size);

      const forced = await backup([`--out=${target}`, '--force'], env);
      expect(forced.code).toBe(0);
      const copy = new Database(target, { readonly: true });
      try {
        expect((copy.prepare('SELECT COUNT(*) AS n FROM intent').get() as { n: number }).n).toBe(submissions.length);
      } finally {
        copy.close();
      }
    });

    it('restores as the README says: stop, replace the file, remove -wal and -shm, start', async () => {
      expect(await app.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      await db.destroy(); // the test's own connection too: nothing may have the file open
      const sqlite = path.join(env.DATA_DIR, 'fupin-expo.sqlite');
      fs.copyFileSync(target, sqlite);
      fs.rmSync(`${sqlite}-wal`, { force: true });
      fs.rmSync(`${sqlite}-shm`, { force: true });
      app = await startApp(env);
      // The sessions came back with the data: a browser signed in before the backup is still signed in.
      const page = await submissions[0].client.get('/my/intents', app.url);
      expect(page.status).toBe(200);
      expect(page.text).toContain('YX-');
    });
  });
});
