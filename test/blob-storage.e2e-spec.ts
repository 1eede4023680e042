import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { ImageStorage } from '../src/products/image-storage';
import { BlobStore } from '../src/storage/blob-store';
import { StoredBlob } from '../src/storage/stored-blob.entity';
import { backdateBlob, storedKeys } from './support/stored-blobs';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * The BlobStore behind images, summary files and waiting imports, with each FILE_STORAGE on
 * the suite's engine (SQLite, or PostgreSQL with TEST_DATABASE_URL): both keep the same promises.
 */
const engine = usingPostgres() ? 'PostgreSQL' : 'SQLite';

describe.each(['database', 'folder'] as const)(`FILE_STORAGE=%s (${engine})`, (storage) => {
  let t: TestApp;
  let store: BlobStore;
  beforeAll(async () => {
    t = await createTestApp({ FILE_STORAGE: storage });
    store = t.app.get(BlobStore);
  });
  afterAll(() => t.close());

  const key = () => `${randomBytes(16).toString('hex')}.jpg`;

  it('gives back the bytes put under a key, byte for byte, until they are deleted', async () => {
    const k = key();
    const bytes = randomBytes(300_000);
    await store.put('images', k, bytes);
    expect(Buffer.compare((await store.get('images', k))!, bytes)).toBe(0);
    expect(await store.get('summaries', k)).toBeNull(); // namespaces are apart
    await store.delete('images', k);
    expect(await store.get('images', k)).toBeNull();
    await store.delete('images', k); // deleting twice is fine
  });

  it('replaces the bytes when a key is put again', async () => {
    const k = key();
    await store.put('summaries', k, Buffer.from('first'));
    await store.put('summaries', k, Buffer.from('second, longer'));
    expect((await store.get('summaries', k))!.toString()).toBe('second, longer');
    expect((await storedKeys(t, 'summaries')).filter((s) => s === k)).toHaveLength(1);
  });

  it('reads nothing under a key it did not generate, and refuses to write one', async () => {
    for (const bad of ['../fupin-expo.sqlite', '.hidden', 'a/b', '', 'A'.repeat(200)]) {
      expect(await store.get('images', bad)).toBeNull();
      await expect(store.put('images', bad, Buffer.from('x'))).rejects.toThrow(/not a blob key/);
    }
  });

  it('moves a blob for exactly one of two callers at once', async () => {
    const k = `${randomBytes(16).toString('hex')}.json`;
    await store.put('imports', k, Buffer.from('{}'));
    const results = await Promise.all([store.move('imports', k, `${k}.importing`), store.move('imports', k, `${k}.importing`)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await store.get('imports', k)).toBeNull();
    expect((await store.get('imports', `${k}.importing`))!.toString()).toBe('{}');
    expect(await store.move('imports', 'missing.json', 'other.json')).toBe(false);
  });

  it('deletes the blobs put before a time, and only in that namespace', async () => {
    const [old, fresh] = [key(), key()];
    await store.put('imports', old, Buffer.from('old'));
    await store.put('imports', fresh, Buffer.from('fresh'));
    await store.put('images', old, Buffer.from('an image under the same name'));
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await backdateBlob(t, 'imports', old, twoDaysAgo);
    await backdateBlob(t, 'images', old, twoDaysAgo);
    await store.deleteOlderThan('imports', new Date(Date.now() - 24 * 60 * 60 * 1000));
    expect(await store.get('imports', old)).toBeNull();
    expect((await store.get('imports', fresh))!.toString()).toBe('fresh');
    expect(await store.get('images', old)).not.toBeNull();
  });

  it('serves an image from the store, and answers 404 for a key it does not hold', async () => {
    const k = key();
    const bytes = randomBytes(2_000);
    await t.app.get(ImageStorage).put(k, bytes);
    const res = await request(t.http).get(`/images/${k}`).buffer(true).expect(200);
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
    await t.app.get(ImageStorage).delete(k);
    const missing = await request(t.http).get(`/images/${k}`).expect(404);
    expect(missing.text).toContain('图片');
    await request(t.http).get(`/images/${key()}`).expect(404);
  });

  it(`keeps the bytes ${storage === 'database' ? 'in the stored_blob table, not under DATA_DIR' : 'under DATA_DIR, not in the database'}`, async () => {
    const k = key();
    await store.put('images', k, Buffer.from('where'));
    const file = path.join(t.config.dataDir, 'uploads', 'images', k);
    const rows = await t.db.getRepository(StoredBlob).countBy({ namespace: 'images', key: k });
    expect({ file: fs.existsSync(file), rows }).toEqual(storage === 'database' ? { file: false, rows: 1 } : { file: true, rows: 0 });
  });
});
