/** The shapes of the fair's figures and the conversions of their raw rows (both engines). */
import type { SelectQueryBuilder } from 'typeorm';
import type { IntentLine } from './intent-line.entity';
import type { IntentStatus } from './intent-status';

export interface FairFilter {
  /** Figures are always one fair's. */
  fairId: number;
  countyId?: number;
  buyerType?: string;
  /** One unit's figures only (its own target's progress). */
  buyerUnitId?: number;
  statuses?: IntentStatus[];
}

/**
 * Amounts kept apart as published fair reports keep them: intended (意向), signed (签约) and
 * delivered (成交), each Σ quantity × the unit price fixed at submission, in fen.
 */
export interface Amounts {
  intents: number;
  buyerUnits: number;
  quantity: number;
  intendedFen: number;
  signedFen: number;
  deliveredFen: number;
}

export interface CountyFigures extends Amounts {
  countyId: number;
  code: string;
  name: string;
  publishedProducts: number;
}

export interface BuyerTypeFigures extends Amounts {
  type: string;
}

/** Demand for one product against what its county can supply (可供量). */
export interface ProductFigures extends Amounts {
  productId: number;
  countyCode: string;
  countyName: string;
  code: string;
  name: string;
  spec: string;
  unit: string;
  supplierName: string;
  capacity: number;
}

export interface BuyerUnitFigures extends Amounts {
  unitId: number;
  /** The real name, also for anonymous units: whoever publishes the list must hide it. */
  name: string;
  type: string;
  /** The unit chose at registration to appear as 匿名单位 on public lists. */
  anonymous: boolean;
}

/** Counted demand for one product (the dashboard's over-subscription). */
export interface ProductDemand {
  productId: number;
  name: string;
  countyName: string;
  unit: string;
  capacity: number;
  quantity: number;
}

/** Units' amounts grouped as 公示's per-type table needs them (see transparency/public-types.ts). */
export interface UnitGroupFigures {
  anonymous: boolean;
  type: string;
  buyerUnits: number;
  intendedFen: number;
  signedFen: number;
  deliveredFen: number;
}

/** Unit ids per IN (…) list: well under either engine's limit on parameters. */
export const ID_CHUNK = 500;

/** SQLite answers 0/1, PostgreSQL true/false. */
export const toBool = (v: unknown): boolean => v === true || Number(v) === 1;

/** A raw MAX(timestamp): a Date on PostgreSQL, UTC text ("2020-10-17 01:30:00.000") on SQLite. */
export const toInstant = (v: unknown): Date | null => {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
};

export const toAmounts = (r: Record<string, unknown>): Amounts => ({
  intents: Number(r.intents ?? 0),
  buyerUnits: Number(r.units ?? 0),
  quantity: Number(r.quantity ?? 0),
  intendedFen: Number(r.intended ?? 0),
  signedFen: Number(r.signed ?? 0),
  deliveredFen: Number(r.delivered ?? 0),
});

export const toUnitFigures = (r: Record<string, unknown>): BuyerUnitFigures => ({
  unitId: Number(r.unitId),
  name: String(r.name),
  type: String(r.type),
  anonymous: toBool(r.anonymous),
  ...toAmounts(r),
});

/** The counted amounts of the lines in `qb` (aliases l and i, as FairTotalsService.lines() joins them). */
export function selectAmounts(qb: SelectQueryBuilder<IntentLine>): SelectQueryBuilder<IntentLine> {
  return (
    qb
      .addSelect('COUNT(DISTINCT i.id)', 'intents')
      .addSelect('COUNT(DISTINCT i.buyerUnitId)', 'units')
      .addSelect('COALESCE(SUM(l.quantity), 0)', 'quantity')
      // bigint before multiplying: integer × integer overflows PostgreSQL's int4 past ¥21,474,836.47 a line.
      .addSelect('COALESCE(SUM(CAST(l.quantity AS bigint) * l.unitPriceFen), 0)', 'intended')
      .addSelect('COALESCE(SUM(CAST(COALESCE(l.signedQuantity, 0) AS bigint) * l.unitPriceFen), 0)', 'signed')
      .addSelect('COALESCE(SUM(CAST(COALESCE(l.deliveredQuantity, 0) AS bigint) * l.unitPriceFen), 0)', 'delivered')
  );
}
