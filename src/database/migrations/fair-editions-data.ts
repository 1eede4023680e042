import type { QueryRunner } from 'typeorm';

/**
 * Data steps of the FairEditions migration (both engines): the single fair of an existing
 * installation becomes fair #1 with its settings, and every product published then is
 * listed in it. Kept apart from the generated schema steps so they read as what they are.
 */

const postgres = (q: QueryRunner) => q.connection.options.type === 'postgres';

/** A raw timestamp as each engine returns it: a Date (PostgreSQL) or UTC text (SQLite). */
const toInstant = (v: unknown): Date | null => {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v;
  const text = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
};

/** Creates fair #1 from the settings row (or the defaults of a fresh installation) and returns its id. */
export async function createFirstFair(q: QueryRunner): Promise<number> {
  const pg = postgres(q);
  const rows: Record<string, unknown>[] = await q.query(
    `SELECT "fairName", "fairDate", "intentDeadline", "minimumProducts" FROM "settings" WHERE "id" = 1`,
  );
  const s = rows[0];
  const deadline = s ? toInstant(s.intentDeadline) : null;
  // An installation past its deadline is on its fair day (登记截止); otherwise registration is open, as it was.
  const status = deadline && deadline.getTime() <= Date.now() ? 'closed' : 'open';
  const values = [
    s ? s.fairName : '宿州市2020年扶贫日消费扶贫展销会',
    s ? s.fairDate : '2020-10-17',
    s ? s.intentDeadline : null,
    s ? Number(s.minimumProducts) : 20,
    status,
  ];
  const p = (i: number) => (pg ? `$${i}` : '?');
  await q.query(
    `INSERT INTO "fair" ("name", "date", "intentDeadline", "minimumProducts", "status", "current")
     VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${pg ? 'true' : '1'})`,
    values,
  );
  const created: { id: number | string }[] = await q.query(`SELECT "id" FROM "fair" WHERE "current" = ${pg ? 'true' : '1'}`);
  return Number(created[0].id);
}

/** Lists every published product in the fair (参展产品), as the single fair showed them all. */
export async function listPublishedProducts(q: QueryRunner, fairId: number): Promise<void> {
  await q.query(
    `INSERT INTO "fair_listing" ("fairId", "productId") SELECT ${postgres(q) ? '$1' : '?'}, "id" FROM "product" WHERE "status" = 'published'`,
    [fairId],
  );
}
