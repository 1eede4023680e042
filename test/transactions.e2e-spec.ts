import type { EntitySubscriberInterface } from 'typeorm';
import { AuditLog } from '../src/audit/audit-log.entity';
import { County } from '../src/counties/county.entity';
import { Fair } from '../src/fairs/fair.entity';
import { currentFairId, makeUser } from './support/factories';
import { signedIn, submitForm } from './support/http';
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

  /** Lets every step that can run now run (better-sqlite3 is synchronous: they are all microtasks). */
  const settle = () => new Promise((r) => setImmediate(r));

  it('keeps a transaction that ran while a plain save() was open, when that save fails and rolls back', async () => {
    const repo = t.db.getRepository(County);
    await repo.insert({ code: '330001', name: '已有县' });
    // Holds TypeORM's implicit transaction of the save() (the audit entry of a log-in is one)
    // open just after it began, until the other transaction has had every chance to run.
    let armed = true;
    let saveBegan!: () => void;
    const began = new Promise<void>((r) => (saveBegan = r));
    let releaseSave!: () => void;
    const held = new Promise<void>((r) => (releaseSave = r));
    const holder: EntitySubscriberInterface = {
      afterTransactionStart: async () => {
        if (!armed) return;
        armed = false;
        saveBegan();
        await held;
      },
    };
    t.db.subscribers.push(holder);
    try {
      // The duplicate code makes the save's INSERT fail, so its implicit transaction rolls back.
      const failingSave = repo.save(repo.create({ code: '330001', name: '重复县' }));
      await began;
      // Another request's transaction, from a context of its own (this test's, not the save's).
      const other = t.db.transaction(async (m) => {
        await m.getRepository(County).insert({ code: '330002', name: '事务县' });
      });
      await settle();
      releaseSave();
      await expect(failingSave).rejects.toThrow();
      await other; // it resolved: what it wrote must be there
    } finally {
      t.db.subscribers.splice(t.db.subscribers.indexOf(holder), 1);
    }
    expect(await repo.countBy({ code: '330002' })).toBe(1);
    expect(await repo.countBy({ code: '330001' })).toBe(1);
  });

  it('runs many overlapping plain saves and transactions, each all-or-nothing', async () => {
    const repo = t.db.getRepository(County);
    await repo.insert({ code: '340000', name: '占位县' });
    const jobs = Array.from({ length: 20 }, (_, i) => [
      t.db.transaction(async (m) => {
        await m.getRepository(County).insert({ code: String(340100 + i), name: `丙${i}` });
        await tick();
        await m.getRepository(County).insert({ code: String(340200 + i), name: `丁${i}` });
      }),
      // Every other one fails on the duplicate code.
      repo.save(repo.create({ code: i % 2 === 0 ? '340000' : String(340300 + i), name: `戊${i}` })),
    ]);
    const results = await Promise.allSettled(jobs.flat());
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
    const codes = new Set((await repo.find()).map((c) => Number(c.code)));
    for (let i = 0; i < 20; i++) {
      expect([i, codes.has(340100 + i), codes.has(340200 + i), codes.has(340300 + i)]).toEqual([i, true, true, i % 2 === 1]);
    }
  });

  it('writes a fair change and its audit entry together, or neither', async () => {
    const organiser = await makeUser(t.db, 'organiser');
    const agent = await signedIn(t.http, organiser.username);
    const form = { name: '第一次的名称', date: '2020-10-17', venue: '', intentDeadline: '', minimumProducts: '20' };
    const edit = `/admin/fairs/${await currentFairId(t.db)}`;
    expect((await submitForm(agent, `${edit}/edit`, edit, form)).status).toBe(303);
    const settingsBefore = await t.db.getRepository(Fair).findOneByOrFail({ current: true });
    const entriesBefore = await t.db.getRepository(AuditLog).countBy({ action: 'fair.update' });

    // The database itself refuses the audit entry of a fair change.
    if (usingPostgres()) {
      await t.db.query(`CREATE FUNCTION refuse_fair_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit refused for the test'; END $$`);
      await t.db.query(`CREATE TRIGGER refuse_fair_audit BEFORE INSERT ON audit_log FOR EACH ROW
        WHEN (NEW.action = 'fair.update') EXECUTE FUNCTION refuse_fair_audit()`);
    } else {
      await t.db.query(`CREATE TRIGGER refuse_fair_audit BEFORE INSERT ON audit_log
        WHEN NEW.action = 'fair.update' BEGIN SELECT RAISE(ABORT, 'audit refused for the test'); END`);
    }
    try {
      const res = await submitForm(agent, `${edit}/edit`, edit, { ...form, name: '不应保存的名称' });
      expect(res.status).toBe(500);
    } finally {
      await t.db.query('DROP TRIGGER refuse_fair_audit' + (usingPostgres() ? ' ON audit_log' : ''));
      if (usingPostgres()) await t.db.query('DROP FUNCTION refuse_fair_audit()');
    }
    expect(await t.db.getRepository(Fair).findOneByOrFail({ current: true })).toEqual(settingsBefore);
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'fair.update' })).toBe(entriesBefore);
  });
});
