import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isPostgres } from '../database/engine';
import { COUNTED_STATUSES } from './intent-status';

/** Counted figures of one unit, overall or on one county's or one product's lines. */
interface Figures {
  intents: number;
  quantity: number;
  intendedFen: number;
  signedFen: number;
  deliveredFen: number;
}

/** What one unit adds to one fair's figures, under its buyer type. */
interface Contribution {
  type: string;
  overall: Figures;
  counties: Map<number, Figures>;
  products: Map<number, Figures>;
}

const FIGURES = ['quantity', 'intendedFen', 'signedFen', 'deliveredFen'] as const;

const toFigures = (r: Record<string, unknown> | undefined): Figures => ({
  intents: Number(r?.intents ?? 0),
  quantity: Number(r?.quantity ?? 0),
  intendedFen: Number(r?.intendedFen ?? 0),
  signedFen: Number(r?.signedFen ?? 0),
  deliveredFen: Number(r?.deliveredFen ?? 0),
});

const ZERO = toFigures(undefined);

/** Rows per multi-row upsert: well under either engine's limit on parameters. */
const CHUNK = 100;

/**
 * Keeps the fair aggregates (fair_unit_total, fair_type_total, fair_county_type_total,
 * fair_product_type_total) equal to what grouping the intent lines would give, so that the
 * dashboard and 公示 read a few rows instead of every line.
 *
 * Every write of intents or lines runs inside within(): it locks the units concerned, takes
 * each unit's contribution before the write, runs it, takes the contribution after, and adds
 * the difference to the aggregates, all in the caller's transaction. A unit's contribution
 * (not single lines) is the unit of change because intents and units are counted distinct:
 * a unit counts once for a county however many of its lines name that county's products.
 * After bulk loads (the migration's backfill, the demo seeder, the bench, test factories)
 * rebuildFairAggregates() (database/migrations/fair-aggregates-data.ts) recomputes them.
 */
@Injectable()
export class FairAggregatesService {
  private readonly postgres = isPostgres();

  /**
   * Runs `write` (which changes intents or lines of these units at this fair, through `m`)
   * and updates the aggregates in the same transaction. `m` must be inside a transaction.
   */
  async within<T>(m: EntityManager, fairId: number, unitIds: number[], write: () => Promise<T>): Promise<T> {
    const ids = [...new Set(unitIds)].sort((a, b) => a - b);
    await this.lock(m, ids);
    const before: Contribution[] = [];
    for (const id of ids) before.push(await this.contribution(m, fairId, id));
    const result = await write();
    for (const [i, id] of ids.entries()) {
      const after = await this.contribution(m, fairId, id);
      await this.apply(m, fairId, id, before[i], after);
    }
    return result;
  }

  /**
   * Serialises the writers of a unit on PostgreSQL, so that "before" is not changed by another
   * transaction until this one commits (units in ascending id order, against deadlocks). NO KEY
   * UPDATE blocks the unit's other writers but not rows elsewhere that merely reference it.
   * SQLite runs one transaction at a time already.
   */
  private async lock(m: EntityManager, ids: number[]): Promise<void> {
    if (!this.postgres || ids.length === 0) return;
    await m.query(`SELECT "id" FROM "buyer_unit" WHERE "id" = ANY($1) ORDER BY "id" FOR NO KEY UPDATE`, [ids]);
  }

  private p(n: number): string {
    return this.postgres ? `$${n}` : '?';
  }

  /** The unit's counted figures at the fair, overall and per county and product of its lines. */
  private async contribution(m: EntityManager, fairId: number, unitId: number): Promise<Contribution> {
    const statuses = COUNTED_STATUSES.map((s) => `'${s}'`).join(', ');
    const from = `FROM "intent_line" l INNER JOIN "intent" i ON i."id" = l."intentId"
      WHERE i."buyerUnitId" = ${this.p(1)} AND i."fairId" = ${this.p(2)} AND i."status" IN (${statuses})`;
    const sums = `COALESCE(SUM(l."quantity"), 0) AS "quantity",
      COALESCE(SUM(CAST(l."quantity" AS bigint) * l."unitPriceFen"), 0) AS "intendedFen",
      COALESCE(SUM(CAST(COALESCE(l."signedQuantity", 0) AS bigint) * l."unitPriceFen"), 0) AS "signedFen",
      COALESCE(SUM(CAST(COALESCE(l."deliveredQuantity", 0) AS bigint) * l."unitPriceFen"), 0) AS "deliveredFen"`;
    const params = [unitId, fairId];
    const [unit] = (await m.query(`SELECT "type" FROM "buyer_unit" WHERE "id" = ${this.p(1)}`, [unitId])) as { type: string }[];
    const [overall] = (await m.query(`SELECT COUNT(DISTINCT i."id") AS "intents", ${sums} ${from}`, params)) as Record<string, unknown>[];
    const counties = (await m.query(
      `SELECT p."countyId" AS "key", COUNT(DISTINCT i."id") AS "intents", ${sums}
       ${from.replace('WHERE', 'INNER JOIN "product" p ON p."id" = l."productId" WHERE')}
       GROUP BY p."countyId"`,
      params,
    )) as Record<string, unknown>[];
    const products = (await m.query(`SELECT l."productId" AS "key", ${sums} ${from} GROUP BY l."productId"`, params)) as Record<
      string,
      unknown
    >[];
    return {
      type: unit?.type ?? '',
      overall: toFigures(overall),
      counties: new Map(counties.map((r) => [Number(r.key), toFigures(r)])),
      products: new Map(products.map((r) => [Number(r.key), toFigures(r)])),
    };
  }

  /** Replaces the unit's row and adds after − before to the grouped rows (keys in a fixed order). */
  private async apply(m: EntityManager, fairId: number, unitId: number, before: Contribution, after: Contribution): Promise<void> {
    const now = this.postgres ? 'now()' : `strftime('%Y-%m-%d %H:%M:%f', 'now')`;
    const a = after.overall;
    await m.query(
      `INSERT INTO "fair_unit_total" ("fairId", "buyerUnitId", "intents", "quantity", "intendedFen", "signedFen", "deliveredFen", "updatedAt")
       VALUES (${[1, 2, 3, 4, 5, 6, 7].map((n) => this.p(n)).join(', ')}, ${now})
       ON CONFLICT ("fairId", "buyerUnitId") DO UPDATE SET "intents" = excluded."intents", "quantity" = excluded."quantity",
         "intendedFen" = excluded."intendedFen", "signedFen" = excluded."signedFen", "deliveredFen" = excluded."deliveredFen",
         "updatedAt" = excluded."updatedAt"`,
      [fairId, unitId, a.intents, a.quantity, a.intendedFen, a.signedFen, a.deliveredFen],
    );
    // A type change moves the whole contribution: subtract under the old type, add under the new.
    const deltas = (b: Contribution, af: Contribution) => ({
      overall: [delta(b.overall, af.overall)],
      counties: keyed(b.counties, af.counties),
      products: keyed(b.products, af.products),
    });
    const none = { overall: ZERO, counties: new Map<number, Figures>(), products: new Map<number, Figures>() };
    const changes =
      before.type === after.type
        ? [{ type: after.type, ...deltas(before, after) }]
        : [
            { type: before.type, ...deltas(before, { ...before, ...none }) },
            { type: after.type, ...deltas({ ...after, ...none }, after) },
          ].sort((x, y) => (x.type < y.type ? -1 : 1));
    for (const c of changes) {
      await this.add(
        m,
        'fair_type_total',
        ['fairId', 'buyerType'],
        true,
        c.overall.filter(nonZero).map((d) => ({ keys: [fairId, c.type], d })),
      );
    }
    for (const c of changes) {
      await this.add(
        m,
        'fair_county_type_total',
        ['fairId', 'countyId', 'buyerType'],
        true,
        c.counties.map(([k, d]) => ({ keys: [fairId, k, c.type], d })),
      );
    }
    for (const c of changes) {
      await this.add(
        m,
        'fair_product_type_total',
        ['fairId', 'productId', 'buyerType'],
        false,
        c.products.map(([k, d]) => ({ keys: [fairId, k, c.type], d })),
      );
    }
  }

  /** Additive upsert: INSERT the deltas, or add them to the row already there. */
  private async add(
    m: EntityManager,
    table: string,
    keyColumns: string[],
    counts: boolean,
    rows: { keys: (number | string)[]; d: Delta }[],
  ): Promise<void> {
    const columns = [...keyColumns, ...(counts ? ['intents', 'buyerUnits'] : []), ...FIGURES];
    const now = this.postgres ? 'now()' : `strftime('%Y-%m-%d %H:%M:%f', 'now')`;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const params: unknown[] = [];
      const values = chunk.map((r) => {
        const row = [...r.keys, ...(counts ? [r.d.intents, r.d.buyerUnits] : []), ...FIGURES.map((f) => r.d[f])];
        const marks = row.map((v) => {
          params.push(v);
          return this.p(params.length);
        });
        return `(${marks.join(', ')})`;
      });
      const added = columns.slice(keyColumns.length).map((c) => `"${c}" = "cur"."${c}" + excluded."${c}"`);
      await m.query(
        `INSERT INTO "${table}" AS "cur" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}
         ON CONFLICT (${keyColumns.map((c) => `"${c}"`).join(', ')}) DO UPDATE SET ${added.join(', ')}, "updatedAt" = ${now}`,
        params,
      );
    }
  }
}

interface Delta extends Figures {
  buyerUnits: number;
}

function delta(b: Figures, a: Figures): Delta {
  return {
    intents: a.intents - b.intents,
    buyerUnits: (a.intents > 0 ? 1 : 0) - (b.intents > 0 ? 1 : 0),
    quantity: a.quantity - b.quantity,
    intendedFen: a.intendedFen - b.intendedFen,
    signedFen: a.signedFen - b.signedFen,
    deliveredFen: a.deliveredFen - b.deliveredFen,
  };
}

const nonZero = (d: Delta) => d.intents !== 0 || d.buyerUnits !== 0 || FIGURES.some((f) => d[f] !== 0);

/** Non-zero deltas per key of either side, keys ascending. */
function keyed(before: Map<number, Figures>, after: Map<number, Figures>): [number, Delta][] {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort((x, y) => x - y);
  return keys.map((k): [number, Delta] => [k, delta(before.get(k) ?? ZERO, after.get(k) ?? ZERO)]).filter(([, d]) => nonZero(d));
}
