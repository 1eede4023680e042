/**
 * Recomputes the fair aggregates (fair_unit_total, fair_type_total, fair_county_type_total,
 * fair_product_type_total) from the intent lines, one fair's or all: a DELETE and an
 * INSERT … SELECT per table. The FairAggregates migration backfills with it; the app
 * (FairAggregatesService.rebuild), the demo seeder, the bench loaders and the test factories
 * call it after writing lines in bulk. If these tables change, give that migration a frozen
 * copy of this file first.
 */

/** Anything that runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
  readonly connection?: { options: { type: string } };
}

/** The statuses that count (intent-status.ts COUNTED_STATUSES when this was written). */
const COUNTED = `('submitted', 'confirmed', 'signed')`;

const AMOUNTS = (l: string) => [
  `CAST(${l}."quantity" AS bigint)`,
  `CAST(${l}."quantity" AS bigint) * ${l}."unitPriceFen"`,
  `CAST(COALESCE(${l}."signedQuantity", 0) AS bigint) * ${l}."unitPriceFen"`,
  `CAST(COALESCE(${l}."deliveredQuantity", 0) AS bigint) * ${l}."unitPriceFen"`,
];

export async function rebuildFairAggregates(db: SqlRunner, postgres: boolean, fairId?: number): Promise<void> {
  const params = fairId === undefined ? [] : [fairId];
  const where = (col: string) => (fairId === undefined ? '' : `AND ${col} = ${postgres ? '$1' : '?'}`);
  for (const table of ['fair_unit_total', 'fair_type_total', 'fair_county_type_total', 'fair_product_type_total']) {
    await db.query(`DELETE FROM "${table}" WHERE 1 = 1 ${where('"fairId"')}`, params);
  }
  const counted = `i."status" IN ${COUNTED}`;
  const sums = (l: string) => AMOUNTS(l).map((e) => `COALESCE(SUM(${e}), 0)`);
  const countedSums = AMOUNTS('l').map((e) => `COALESCE(SUM(CASE WHEN ${counted} THEN ${e} END), 0)`);
  // Every unit with an intent of the fair, in any status: its row's updatedAt is when its figures last changed.
  const latest = postgres
    ? `GREATEST(MAX(i."updatedAt"), MAX(l."updatedAt"))`
    : `MAX(MAX(i."updatedAt"), COALESCE(MAX(l."updatedAt"), MAX(i."updatedAt")))`;
  await db.query(
    `INSERT INTO "fair_unit_total" ("fairId", "buyerUnitId", "intents", "quantity", "intendedFen", "signedFen", "deliveredFen", "updatedAt")
     SELECT i."fairId", i."buyerUnitId", COUNT(DISTINCT CASE WHEN ${counted} THEN l."intentId" END), ${countedSums.join(', ')}, ${latest}
     FROM "intent" i LEFT JOIN "intent_line" l ON l."intentId" = i."id"
     WHERE 1 = 1 ${where('i."fairId"')}
     GROUP BY i."fairId", i."buyerUnitId"`,
    params,
  );
  await db.query(
    `INSERT INTO "fair_type_total" ("fairId", "buyerType", "intents", "buyerUnits", "quantity", "intendedFen", "signedFen", "deliveredFen")
     SELECT t."fairId", u."type", SUM(t."intents"), SUM(CASE WHEN t."intents" > 0 THEN 1 ELSE 0 END),
            SUM(t."quantity"), SUM(t."intendedFen"), SUM(t."signedFen"), SUM(t."deliveredFen")
     FROM "fair_unit_total" t INNER JOIN "buyer_unit" u ON u."id" = t."buyerUnitId"
     WHERE t."intents" > 0 ${where('t."fairId"')}
     GROUP BY t."fairId", u."type"`,
    params,
  );
  const lines = `FROM "intent_line" l
     INNER JOIN "intent" i ON i."id" = l."intentId"
     INNER JOIN "product" p ON p."id" = l."productId"
     INNER JOIN "buyer_unit" u ON u."id" = i."buyerUnitId"
     WHERE ${counted} ${where('i."fairId"')}`;
  await db.query(
    `INSERT INTO "fair_county_type_total" ("fairId", "countyId", "buyerType", "intents", "buyerUnits", "quantity", "intendedFen", "signedFen", "deliveredFen")
     SELECT i."fairId", p."countyId", u."type", COUNT(DISTINCT i."id"), COUNT(DISTINCT i."buyerUnitId"), ${sums('l').join(', ')}
     ${lines}
     GROUP BY i."fairId", p."countyId", u."type"`,
    params,
  );
  await db.query(
    `INSERT INTO "fair_product_type_total" ("fairId", "productId", "buyerType", "quantity", "intendedFen", "signedFen", "deliveredFen")
     SELECT i."fairId", l."productId", u."type", ${sums('l').join(', ')}
     ${lines}
     GROUP BY i."fairId", l."productId", u."type"`,
    params,
  );
}
