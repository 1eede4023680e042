import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { CountiesService } from '../counties/counties.service';
import { County } from '../counties/county.entity';
import { Product } from '../products/product.entity';
import { FairCountyTypeTotal } from './fair-county-type-total.entity';
import { FairProductTypeTotal } from './fair-product-type-total.entity';
import { FairTypeTotal } from './fair-type-total.entity';
import { FairUnitTotal } from './fair-unit-total.entity';
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
const ID_CHUNK = 500;

/** SQLite answers 0/1, PostgreSQL true/false. */
const toBool = (v: unknown): boolean => v === true || Number(v) === 1;

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

const toUnitFigures = (r: Record<string, unknown>): BuyerUnitFigures => ({
  unitId: Number(r.unitId),
  name: String(r.name),
  type: String(r.type),
  anonymous: toBool(r.anonymous),
  ...toAmounts(r),
});

/**
 * The fair's figures, computed in one place so that the dashboard, the exported workbook
 * and the public page agree to the fen. Every method is one grouped query.
 *
 * Counted figures (no `statuses` in the filter) are read from the aggregates that
 * FairAggregatesService keeps with every intent write, so that they cost the same at a
 * million lines as at ten thousand; other statuses, one unit's figures by county and the
 * per-product figures (which count units per product) group the lines themselves.
 */
@Injectable()
export class FairTotalsService {
  constructor(
    @InjectRepository(IntentLine) private readonly intentLines: Repository<IntentLine>,
    @InjectRepository(FairUnitTotal) private readonly unitTotals: Repository<FairUnitTotal>,
    @InjectRepository(FairTypeTotal) private readonly typeTotals: Repository<FairTypeTotal>,
    @InjectRepository(FairCountyTypeTotal) private readonly countyTypeTotals: Repository<FairCountyTypeTotal>,
    @InjectRepository(FairProductTypeTotal) private readonly productTypeTotals: Repository<FairProductTypeTotal>,
    private readonly counties: CountiesService,
  ) {}

  /** Whether the aggregates answer this filter: counted statuses, the whole fair's units. */
  private aggregated(filter: FairFilter): boolean {
    return !filter.statuses?.length && !filter.buyerUnitId;
  }

  /**
   * Sums of the type aggregates, or of the county×type ones (with a county filter, or to group
   * by county), under the filter's county and type. Types split the units into disjoint groups,
   * so their distinct counts add up.
   */
  private groupedTotals(filter: FairFilter, perCounty = false): SelectQueryBuilder<FairTypeTotal | FairCountyTypeTotal> {
    const qb: SelectQueryBuilder<FairTypeTotal | FairCountyTypeTotal> =
      filter.countyId || perCounty ? this.countyTypeTotals.createQueryBuilder('g') : this.typeTotals.createQueryBuilder('g');
    if (filter.countyId) qb.andWhere('g.countyId = :countyId', { countyId: filter.countyId });
    qb.andWhere('g.fairId = :fairId', { fairId: filter.fairId })
      .select([])
      .addSelect('COALESCE(SUM(g.intents), 0)', 'intents')
      .addSelect('COALESCE(SUM(g.buyerUnits), 0)', 'units')
      .addSelect('COALESCE(SUM(g.quantity), 0)', 'quantity')
      .addSelect('COALESCE(SUM(g.intendedFen), 0)', 'intended')
      .addSelect('COALESCE(SUM(g.signedFen), 0)', 'signed')
      .addSelect('COALESCE(SUM(g.deliveredFen), 0)', 'delivered');
    if (filter.buyerType) qb.andWhere('g.buyerType = :buyerType', { buyerType: filter.buyerType });
    return qb;
  }

  /** The per-unit aggregate rows (units with counted intents), joined to their unit. */
  private unitRows(fairId: number): SelectQueryBuilder<FairUnitTotal> {
    return this.unitTotals
      .createQueryBuilder('t')
      .innerJoin(BuyerUnit, 'u', 'u.id = t.buyerUnitId')
      .where('t.fairId = :fairId', { fairId })
      .andWhere('t.intents > 0');
  }

  private selectUnit(qb: SelectQueryBuilder<FairUnitTotal>): SelectQueryBuilder<FairUnitTotal> {
    return qb
      .select('u.id', 'unitId')
      .addSelect('u.name', 'name')
      .addSelect('u.type', 'type')
      .addSelect('u.anonymous', 'anonymous')
      .addSelect('t.intents', 'intents')
      .addSelect('1', 'units')
      .addSelect('t.quantity', 'quantity')
      .addSelect('t.intendedFen', 'intended')
      .addSelect('t.signedFen', 'signed')
      .addSelect('t.deliveredFen', 'delivered')
      .orderBy('t.intendedFen', 'DESC')
      .addOrderBy('u.id', 'ASC');
  }

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
    if (this.aggregated(filter)) return toAmounts((await this.groupedTotals(filter).getRawOne<Record<string, unknown>>()) ?? {});
    const row = await this.selectAmounts(this.lines(filter).select([])).getRawOne<Record<string, unknown>>();
    return toAmounts(row ?? {});
  }

  /** Per county, every county listed (with zeros), plus its count of products listed in the fair (from CountiesService.readiness). */
  async byCounty(filter: FairFilter): Promise<CountyFigures[]> {
    const [counties, rows] = await Promise.all([
      this.counties.readiness(filter.fairId),
      this.aggregated(filter)
        ? this.groupedTotals(filter, true).addSelect('g.countyId', 'countyId').groupBy('g.countyId').getRawMany<Record<string, unknown>>()
        : this.selectAmounts(this.lines(filter).select('p.countyId', 'countyId'))
            .groupBy('p.countyId')
            .getRawMany<Record<string, unknown>>(),
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
    const rows = this.aggregated(filter)
      ? await this.groupedTotals(filter)
          .addSelect('g.buyerType', 'type')
          .groupBy('g.buyerType')
          .having('SUM(g.buyerUnits) > 0')
          .orderBy('intended', 'DESC')
          .addOrderBy('g.buyerType', 'ASC')
          .getRawMany<Record<string, unknown>>()
      : await this.selectAmounts(this.lines(filter).select('u.type', 'type'))
          .groupBy('u.type')
          .orderBy('intended', 'DESC')
          .addOrderBy('u.type', 'ASC')
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

  /**
   * Per buyer unit (the exports' 按单位 sheet), largest intended amount first, then by unit id.
   * Every unit of the fair: pages read unitRanking(), targets byBuyerUnits().
   */
  async byBuyerUnit(filter: FairFilter): Promise<BuyerUnitFigures[]> {
    if (!filter.statuses?.length && !filter.countyId) {
      const qb = this.selectUnit(this.unitRows(filter.fairId));
      if (filter.buyerType) qb.andWhere('u.type = :buyerType', { buyerType: filter.buyerType });
      if (filter.buyerUnitId) qb.andWhere('t.buyerUnitId = :buyerUnitId', { buyerUnitId: filter.buyerUnitId });
      return (await qb.getRawMany<Record<string, unknown>>()).map(toUnitFigures);
    }
    return this.unitsFromLines(filter);
  }

  /** byBuyerUnit() for these units only (those with counted figures), in the same order. */
  async byBuyerUnits(filter: FairFilter, unitIds: number[]): Promise<BuyerUnitFigures[]> {
    const ids = [...new Set(unitIds)];
    const rows: BuyerUnitFigures[] = [];
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const chunk = ids.slice(start, start + ID_CHUNK);
      if (!filter.statuses?.length && !filter.countyId) {
        const qb = this.selectUnit(this.unitRows(filter.fairId)).andWhere('t.buyerUnitId IN (:...chunk)', { chunk });
        if (filter.buyerType) qb.andWhere('u.type = :buyerType', { buyerType: filter.buyerType });
        if (filter.buyerUnitId) qb.andWhere('t.buyerUnitId = :buyerUnitId', { buyerUnitId: filter.buyerUnitId });
        rows.push(...(await qb.getRawMany<Record<string, unknown>>()).map(toUnitFigures));
      } else {
        rows.push(...(await this.unitsFromLines(filter, chunk)));
      }
    }
    return rows.sort((a, b) => b.intendedFen - a.intendedFen || a.unitId - b.unitId);
  }

  /** One page of the 爱心榜 (units with counted intents, largest intended amount first) and how many there are. */
  async unitRanking(fairId: number, page: { offset: number; limit: number }): Promise<{ rows: BuyerUnitFigures[]; total: number }> {
    const [rows, totals] = await Promise.all([
      this.selectUnit(this.unitRows(fairId)).offset(page.offset).limit(page.limit).getRawMany<Record<string, unknown>>(),
      // The units taking part, from the type aggregates rather than by counting the unit rows.
      this.totals({ fairId }),
    ]);
    return { rows: rows.map(toUnitFigures), total: totals.buyerUnits };
  }

  /**
   * Units with counted intents grouped by (anonymous, type): 公示's per-type table, without a
   * list of units. The named units of a type are the type's aggregate minus its anonymous units,
   * so only the anonymous units' rows are read (few, where the named ones are tens of thousands).
   */
  async unitGroups(fairId: number): Promise<UnitGroupFigures[]> {
    const [types, anonymous] = await Promise.all([
      this.byBuyerType({ fairId }),
      this.unitRows(fairId)
        .andWhere('u.anonymous = :anonymous', { anonymous: true })
        .select('u.type', 'type')
        .addSelect('COUNT(*)', 'units')
        .addSelect('SUM(t.intendedFen)', 'intended')
        .addSelect('SUM(t.signedFen)', 'signed')
        .addSelect('SUM(t.deliveredFen)', 'delivered')
        .groupBy('u.type')
        .getRawMany<Record<string, unknown>>(),
    ]);
    const group = (isAnonymous: boolean, type: string, a: Amounts): UnitGroupFigures => ({
      anonymous: isAnonymous,
      type,
      buyerUnits: a.buyerUnits,
      intendedFen: a.intendedFen,
      signedFen: a.signedFen,
      deliveredFen: a.deliveredFen,
    });
    const hidden = new Map(anonymous.map((r) => [String(r.type), toAmounts(r)]));
    const named = types.map((t) => {
      const h = hidden.get(t.type) ?? toAmounts({});
      return group(false, t.type, {
        ...t,
        buyerUnits: t.buyerUnits - h.buyerUnits,
        intendedFen: t.intendedFen - h.intendedFen,
        signedFen: t.signedFen - h.signedFen,
        deliveredFen: t.deliveredFen - h.deliveredFen,
      });
    });
    return [...named.filter((g) => g.buyerUnits > 0), ...[...hidden].map(([type, a]) => group(true, type, a))];
  }

  /**
   * Counted demand per product that has any (the dashboard's over-subscription), from the
   * product aggregates; with other statuses or one unit's, from the lines (byProduct).
   */
  async demandByProduct(filter: FairFilter): Promise<ProductDemand[]> {
    if (!this.aggregated(filter)) {
      return (await this.byProduct(filter)).map((p) => ({
        productId: p.productId,
        name: p.name,
        countyName: p.countyName,
        unit: p.unit,
        capacity: p.capacity,
        quantity: p.quantity,
      }));
    }
    const qb = this.productTypeTotals
      .createQueryBuilder('g')
      .innerJoin(Product, 'p', 'p.id = g.productId')
      .innerJoin(County, 'c', 'c.id = p.countyId')
      .where('g.fairId = :fairId', { fairId: filter.fairId })
      .select('p.id', 'productId')
      .addSelect('p.name', 'name')
      .addSelect('c.name', 'countyName')
      .addSelect('p.unit', 'unit')
      .addSelect('p.capacity', 'capacity')
      .addSelect('SUM(g.quantity)', 'quantity')
      // Grouped by the primary keys: the other columns depend on them (PostgreSQL allows that).
      .groupBy('p.id')
      .addGroupBy('c.id')
      .having('SUM(g.quantity) > 0')
      // byProduct's order, so that products equally over-subscribed keep their order.
      .orderBy('c.code', 'ASC')
      .addOrderBy('p.code', 'ASC')
      .addOrderBy('p.id', 'ASC');
    if (filter.countyId) qb.andWhere('p.countyId = :countyId', { countyId: filter.countyId });
    if (filter.buyerType) qb.andWhere('g.buyerType = :buyerType', { buyerType: filter.buyerType });
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      productId: Number(r.productId),
      name: String(r.name),
      countyName: String(r.countyName),
      unit: String(r.unit),
      capacity: Number(r.capacity),
      quantity: Number(r.quantity),
    }));
  }

  /** Per unit from the lines (a county filter or other statuses), optionally for some units only. */
  private async unitsFromLines(filter: FairFilter, unitIds?: number[]): Promise<BuyerUnitFigures[]> {
    const lines = this.lines(filter);
    if (unitIds) lines.andWhere('i.buyerUnitId IN (:...unitIds)', { unitIds });
    const rows = await this.selectAmounts(
      lines.select('u.id', 'unitId').addSelect('u.name', 'name').addSelect('u.type', 'type').addSelect('u.anonymous', 'anonymous'),
    )
      .groupBy('u.id')
      .addGroupBy('u.name')
      .addGroupBy('u.type')
      .addGroupBy('u.anonymous')
      .orderBy('intended', 'DESC')
      .addOrderBy('u.id', 'ASC')
      .getRawMany<Record<string, unknown>>();
    return rows.map(toUnitFigures);
  }

  /**
   * When the figures last changed: the latest change of any unit's contribution (every intent
   * write touches its unit's row, a withdrawal or cancellation too) or of a unit taking part.
   */
  async lastChange(fairId: number): Promise<Date | null> {
    const row = await this.unitTotals
      .createQueryBuilder('t')
      .innerJoin(BuyerUnit, 'u', 'u.id = t.buyerUnitId')
      .where('t.fairId = :fairId', { fairId })
      .select('MAX(t.updatedAt)', 'figures')
      .addSelect('MAX(u.updatedAt)', 'units')
      .getRawOne<Record<string, unknown>>();
    const instants = [row?.figures, row?.units].map(toInstant).filter((d): d is Date => d !== null);
    return instants.length ? new Date(Math.max(...instants.map((d) => d.getTime()))) : null;
  }

  /** Counted intents per fair (fair id → count; a fair without any is absent), for the organiser's list of fairs. */
  async intentsPerFair(): Promise<Map<number, number>> {
    const rows = await this.typeTotals
      .createQueryBuilder('g')
      .select('g.fairId', 'fairId')
      .addSelect('SUM(g.intents)', 'n')
      .groupBy('g.fairId')
      .having('SUM(g.intents) > 0')
      .getRawMany<{ fairId: number; n: string | number }>();
    return new Map(rows.map((r) => [Number(r.fairId), Number(r.n)]));
  }
}
