import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { CountiesService } from '../counties/counties.service';
import { County } from '../counties/county.entity';
import { Product } from '../products/product.entity';
import { IntentLine } from './intent-line.entity';
import { COUNTED_STATUSES, type IntentStatus } from './intent-status';
import { Intent } from './intent.entity';

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

/** A raw MAX(timestamp): a Date on PostgreSQL, UTC text ("2020-10-17 01:30:00.000") on SQLite. */
const toInstant = (v: unknown): Date | null => {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
};

const toAmounts = (r: Record<string, unknown>): Amounts => ({
  intents: Number(r.intents ?? 0),
  buyerUnits: Number(r.units ?? 0),
  quantity: Number(r.quantity ?? 0),
  intendedFen: Number(r.intended ?? 0),
  signedFen: Number(r.signed ?? 0),
  deliveredFen: Number(r.delivered ?? 0),
});

/**
 * The fair's figures, computed in one place so that the dashboard, the exported workbook
 * and the public page agree to the fen. Every method is one grouped query.
 */
@Injectable()
export class FairTotalsService {
  constructor(
    @InjectRepository(IntentLine) private readonly intentLines: Repository<IntentLine>,
    private readonly counties: CountiesService,
  ) {}

  /**
   * Lines of counted intents, joined to their intent (i), unit (u) and product (p), with the
   * filter applied. Public so that the exports read their line-by-line sheets from exactly
   * the lines these figures sum.
   */
  lines(filter: FairFilter): SelectQueryBuilder<IntentLine> {
    const qb = this.intentLines
      .createQueryBuilder('l')
      .innerJoin(Intent, 'i', 'i.id = l.intentId')
      .innerJoin(BuyerUnit, 'u', 'u.id = i.buyerUnitId')
      .innerJoin(Product, 'p', 'p.id = l.productId')
      .where('i.fairId = :fairId', { fairId: filter.fairId })
      .andWhere('i.status IN (:...statuses)', { statuses: filter.statuses?.length ? filter.statuses : COUNTED_STATUSES });
    if (filter.countyId) qb.andWhere('p.countyId = :countyId', { countyId: filter.countyId });
    if (filter.buyerType) qb.andWhere('u.type = :buyerType', { buyerType: filter.buyerType });
    if (filter.buyerUnitId) qb.andWhere('i.buyerUnitId = :buyerUnitId', { buyerUnitId: filter.buyerUnitId });
    return qb;
  }

  private selectAmounts(qb: SelectQueryBuilder<IntentLine>): SelectQueryBuilder<IntentLine> {
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

  /** The grand totals (intents and units counted once even when they span counties). */
  async totals(filter: FairFilter): Promise<Amounts> {
    const row = await this.selectAmounts(this.lines(filter).select([])).getRawOne<Record<string, unknown>>();
    return toAmounts(row ?? {});
  }

  /** Per county, every county listed (with zeros), plus its count of products listed in the fair (from CountiesService.readiness). */
  async byCounty(filter: FairFilter): Promise<CountyFigures[]> {
    const [counties, rows] = await Promise.all([
      this.counties.readiness(filter.fairId),
      this.selectAmounts(this.lines(filter).select('p.countyId', 'countyId')).groupBy('p.countyId').getRawMany<Record<string, unknown>>(),
    ]);
    const amounts = new Map(rows.map((r) => [Number(r.countyId), toAmounts(r)]));
    return counties
      .filter((c) => !filter.countyId || c.id === filter.countyId)
      .map((c) => ({
        countyId: c.id,
        code: c.code,
        name: c.name,
        publishedProducts: c.publishedProducts,
        ...(amounts.get(c.id) ?? toAmounts({})),
      }));
  }

  /** Per buyer type, only the types that have counted intents. */
  async byBuyerType(filter: FairFilter): Promise<BuyerTypeFigures[]> {
    const rows = await this.selectAmounts(this.lines(filter).select('u.type', 'type'))
      .groupBy('u.type')
      .orderBy('intended', 'DESC')
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({ type: String(r.type), ...toAmounts(r) }));
  }

  /** Per product that has counted intents, by county code and product code (the 按产品 sheet). */
  async byProduct(filter: FairFilter): Promise<ProductFigures[]> {
    const rows = await this.selectAmounts(
      this.lines(filter)
        .innerJoin(County, 'c', 'c.id = p.countyId')
        .select('p.id', 'productId')
        .addSelect('c.code', 'countyCode')
        .addSelect('c.name', 'countyName')
        .addSelect('p.code', 'code')
        .addSelect('p.name', 'name')
        .addSelect('p.spec', 'spec')
        .addSelect('p.unit', 'unit')
        .addSelect('p.supplierName', 'supplierName')
        .addSelect('p.capacity', 'capacity'),
    )
      // Grouped by the primary keys: the other columns depend on them (PostgreSQL allows that).
      .groupBy('p.id')
      .addGroupBy('c.id')
      .orderBy('c.code', 'ASC')
      .addOrderBy('p.code', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      productId: Number(r.productId),
      countyCode: String(r.countyCode),
      countyName: String(r.countyName),
      code: String(r.code),
      name: String(r.name),
      spec: String(r.spec),
      unit: String(r.unit),
      supplierName: String(r.supplierName),
      capacity: Number(r.capacity),
      ...toAmounts(r),
    }));
  }

  /** Per buyer unit (the public 爱心榜), largest intended amount first, then by unit id. */
  async byBuyerUnit(filter: FairFilter): Promise<BuyerUnitFigures[]> {
    const rows = await this.selectAmounts(
      this.lines(filter)
        .select('u.id', 'unitId')
        .addSelect('u.name', 'name')
        .addSelect('u.type', 'type')
        .addSelect('u.anonymous', 'anonymous'),
    )
      .groupBy('u.id')
      .addGroupBy('u.name')
      .addGroupBy('u.type')
      .addGroupBy('u.anonymous')
      .orderBy('intended', 'DESC')
      .addOrderBy('u.id', 'ASC')
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      unitId: Number(r.unitId),
      name: String(r.name),
      type: String(r.type),
      // SQLite answers 0/1, PostgreSQL true/false.
      anonymous: r.anonymous === true || Number(r.anonymous) === 1,
      ...toAmounts(r),
    }));
  }

  /**
   * When the figures last changed: the latest update of any intent, of its lines or of a unit
   * that has intents. Every status counts, since a withdrawal or cancellation changes totals too.
   */
  async lastChange(fairId: number): Promise<Date | null> {
    const row = await this.intentLines
      .createQueryBuilder('l')
      .innerJoin(Intent, 'i', 'i.id = l.intentId')
      .innerJoin(BuyerUnit, 'u', 'u.id = i.buyerUnitId')
      .where('i.fairId = :fairId', { fairId })
      .select('MAX(l.updatedAt)', 'lines')
      .addSelect('MAX(i.updatedAt)', 'intents')
      .addSelect('MAX(u.updatedAt)', 'units')
      .getRawOne<Record<string, unknown>>();
    const instants = [row?.lines, row?.intents, row?.units].map(toInstant).filter((d): d is Date => d !== null);
    return instants.length ? new Date(Math.max(...instants.map((d) => d.getTime()))) : null;
  }

  /** Counted intents per fair (fair id → count; a fair without any is absent), for the organiser's list of fairs. */
  async intentsPerFair(): Promise<Map<number, number>> {
    const rows = await this.intentLines
      .createQueryBuilder('l')
      .innerJoin(Intent, 'i', 'i.id = l.intentId')
      .where('i.status IN (:...statuses)', { statuses: COUNTED_STATUSES })
      .select('i.fairId', 'fairId')
      .addSelect('COUNT(DISTINCT i.id)', 'n')
      .groupBy('i.fairId')
      .getRawMany<{ fairId: number; n: string | number }>();
    return new Map(rows.map((r) => [Number(r.fairId), Number(r.n)]));
  }
}
