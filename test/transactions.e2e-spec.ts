import { County } from '../src/counties/county.entity';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * Concurrent transactions must not leak into each other. On SQLite TypeORM shares one query
 * runner, which the transaction gate (src/database/sqlite-transaction-gate.ts) serialises.
 */
describe(`concurrent transactions (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const tick = () => new Promise((r) => setTimeout(r, 5));

  it('keeps a plain write made while another transaction is open when that transaction rolls back', async () => {
    const repo = t.db.getRepository(County);
    const failing = t.db.transaction(async (m) => {
      await m.getRepository(County).insert({ code: '300001', name: '回滚县' });
      await tick();
      await tick();
      throw new Error('rollback on purpose');
    });
    await tick();
    const plain = repo.insert({ code: '300002', name: '保留县' });
    await expect(failing).rejects.toThrow('rollback on purpose');
    await plain;
    expect(await repo.countBy({ code: '300001' })).toBe(0);
    expect(await repo.countBy({ code: '300002' })).toBe(1);
  });

  it('runs many overlapping transactions, each all-or-nothing', async () => {
    const repo = t.db.getRepository(County);
    const jobs = Array.from({ length: 30 }, (_, i) =>
      t.db.transaction(async (m) => {
        await m.getRepository(County).insert({ code: String(310000 + i * 2), name: `甲${i}` });
        await tick();
        await m.getRepository(County).insert({ code: String(310001 + i * 2), name: `乙${i}` });
        if (i % 3 === 0) throw new Error(`job ${i} fails`);
      }),
    );
    const results = await Promise.allSettled(jobs);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
    const codes = (await repo.find()).map((c) => Number(c.code)).filter((c) => c >= 310000 && c < 320000);
    expect(codes).toHaveLength(40);
    for (let i = 0; i < 30; i++) {
      const present = codes.includes(310000 + i * 2);
      expect([i, present]).toEqual([i, i % 3 !== 0]);
      expect(codes.includes(310001 + i * 2)).toBe(present);
    }
  });
});
