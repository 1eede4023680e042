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
import { COUNTED_STATUSES } from './intent-status';
import { Intent } from './intent.entity';

import {
  selectAmounts,
  toAmounts,
  toInstant,
  type Amounts,
  type BuyerTypeFigures,
  type CountyFigures,
  type FairFilter,
  type ProductDemand,
  type ProductFigures,
} from './fair-figures';

export type {
  Amounts,
  BuyerTypeFigures,
  BuyerUnitFigures,
  CountyFigures,
  FairFilter,
  ProductDemand,
  ProductFigures,
  UnitGroupFigures,
} from './fair-figures';

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

  /** The grand totals (intents and units counted once even when they span counties). */
  async totals(filter: FairFilter): Promise<Amounts> {
    if (this.aggregated(filter)) return toAmounts((await this.groupedTotals(filter).getRawOne<Record<string, unknown>>()) ?? {});
    const row = await selectAmounts(this.lines(filter).select([])).getRawOne<Record<string, unknown>>();
    return toAmounts(row ?? {});
  }

  /** Per county, every county listed (with zeros), plus its count of products listed in the fair (from CountiesService.readiness). */
  async byCounty(filter: FairFilter): Promise<CountyFigures[]> {
    const [counties, rows] = await Promise.all([
      this.counties.readiness(filter.fairId),
      this.aggregated(filter)
        ? this.groupedTotals(filter, true).addSelect('g.countyId', 'countyId').groupBy('g.countyId').getRawMany<Record<string, unknown>>()
        : selectAmounts(this.lines(filter).select('p.countyId', 'countyId')).groupBy('p.countyId').getRawMany<Record<string, unknown>>(),
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
      : await selectAmounts(this.lines(filter).select('u.type', 'type'))
          .groupBy('u.type')
          .orderBy('intended', 'DESC')
          .addOrderBy('u.type', 'ASC')
          .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({ type: String(r.type), ...toAmounts(r) }));
  }

  /** Per product that has counted intents, by county code and product code (the 按产品 sheet). */
  async byProduct(filter: FairFilter): Promise<ProductFigures[]> {
    const rows = await selectAmounts(
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
