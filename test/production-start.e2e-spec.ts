import { PassThrough } from 'node:stream';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { User } from '../src/auth/user.entity';
import { County } from '../src/counties/county.entity';
import { runBackupCli } from '../src/ops/backup-cli';
import { productRow, templateWith } from './support/testing-sheets';
import { Product } from '../src/products/product.entity';
import { makeCounty, makeUser } from './support/factories';
import { csrfFrom } from './support/http';
import { ensureBuilt, openDatabase, startApp, type AppEnv, type SpawnedApp } from './support/spawned-app';
import { createTestDatabase, usingPostgres } from './support/test-app';
import { PNG, validProductForm, XLSX_TYPE } from './support/uploads';
import { WebClient } from './support/web-client';

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

/** Every folder and file under `dir` with its mode, e.g. ["uploads/images 700", "fupin-expo.sqlite 600"]. */
function modesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    out.push(`${prefix}${entry.name} ${modeOf(full)}`);
    if (entry.isDirectory()) out.push(...modesUnder(full, `${prefix}${entry.name}/`));
  }
  return out;
}

/**
 * The built app started as a deployment starts it: NODE_ENV=production, no SEED_DEMO, no
 * SESSION_SECRET, and a DATA_DIR that does not exist yet.
 */
describe(`a production start (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: AppEnv;
  let app: SpawnedApp;
  let db: DataSource;

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    env = {
      // Two levels the app must create itself.
      DATA_DIR: path.join(database.env.DATA_DIR!, 'srv', 'fupin'),
      DATABASE_URL: database.env.DATABASE_URL ?? '',
      SESSION_SECRET: '',
      SEED_DEMO: undefined,
      NODE_ENV: 'production',
    };
    app = await startApp(env);
    db = await openDatabase(env, false);
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    if (db?.isInitialized) await db.destroy();
    await database?.drop();
  });

  it('loads no demo data: no demo county, no account with the published password', async () => {
    expect(await db.getRepository(County).count()).toBe(0);
    expect(await db.getRepository(User).count()).toBe(0);
    const res = await new WebClient(app.url).submit('/login', '/login', { username: 'organiser', password: 'fupin2020' });
    expect(res.status).not.toBe(303);
    expect(app.output()).not.toContain('fupin2020');
  });

  it('creates DATA_DIR and every folder in it 0700, and every file 0600 (database, secret, photos, uploaded sheets)', async () => {
    const county = await makeCounty(db, { code: '341321', name: '砀山县' });
    const client = await new WebClient(app.url).signIn((await makeUser(db, 'county', { countyId: county.id })).username);

    const product = new FormData();
    const fields = validProductForm({ code: 'PRIV-1' });
    for (const [k, v] of Object.entries(fields)) product.append(k, v);
    product.append('image', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'pear.png');
    const productToken = csrfFrom((await client.get('/county/products/new')).text);
    const created = await client.request('POST', `/county/products?_csrf=${encodeURIComponent(productToken)}`, { body: product });
    expect(created.status).toBe(303);
    expect((await db.getRepository(Product).findOneByOrFail({ code: 'PRIV-1' })).imageKey).toBeTruthy();

    const sheet = new FormData();
    sheet.append('file', new Blob([new Uint8Array(await templateWith([productRow(1)]))], { type: XLSX_TYPE }), 'import.xlsx');
    const importToken = csrfFrom((await client.get('/county/import')).text);
    const preview = await client.request('POST', `/county/import?_csrf=${encodeURIComponent(importToken)}`, { body: sheet });
    expect(preview.status).toBe(200);

    expect(modeOf(path.dirname(env.DATA_DIR))).toBe('700');
    expect(modeOf(env.DATA_DIR)).toBe('700');
    const modes = modesUnder(env.DATA_DIR);
    const expected = ['session-secret'];
    // On SQLite the uploads are files (FILE_STORAGE=folder); on PostgreSQL they are rows of stored_blob.
    if (!usingPostgres())
      expected.push('fupin-expo.sqlite', 'fupin-expo.sqlite-wal', 'fupin-expo.sqlite-shm', 'uploads', 'uploads/images', 'imports');
    for (const name of expected) expect(modes.map((m) => m.split(' ')[0])).toContain(name);
    // The re-encoded image and its thumbnail, and the import waiting for its confirmation.
    const stored = usingPostgres()
      ? await db.query(`SELECT "namespace" AS ns, count(*)::int AS n FROM "stored_blob" GROUP BY 1 ORDER BY 1`)
      : ['images', 'imports'].map((ns) => ({
          ns,
          n: modes.filter((m) => m.startsWith(`${ns === 'images' ? 'uploads/images' : ns}/`)).length,
        }));
    expect(stored).toEqual([
      { ns: 'images', n: 2 },
      { ns: 'imports', n: 1 },
    ]);
    const wrong = modes.filter((m) => {
      const [name, mode] = m.split(' ');
      return mode !== (fs.statSync(path.join(env.DATA_DIR, name)).isDirectory() ? '700' : '600');
    });
    expect(wrong).toEqual([]);
  });

  (usingPostgres() ? it.skip : it)('writes a backup 0600 (SQLite; PostgreSQL backups are pg_dump’s)', async () => {
    const target = path.join(database.env.DATA_DIR!, 'backup.sqlite');
    const io = { env: { NODE_ENV: 'test', DATA_DIR: env.DATA_DIR }, stdout: new PassThrough(), stderr: new PassThrough() };
    expect(await runBackupCli(['--out', target], io)).toBe(0);
    expect(modeOf(target)).toBe('600');
  });
});
