import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import {
  ID_CHUNK,
  selectAmounts,
  toAmounts,
  toUnitFigures,
  type Amounts,
  type BuyerUnitFigures,
  type FairFilter,
  type UnitGroupFigures,
} from './fair-figures';
import { FairTotalsService } from './fair-totals.service';
import { FairUnitTotal } from './fair-unit-total.entity';

/**
 * The fair's figures per buyer unit: the exports' 按单位 sheet, 公示's 爱心榜 (a page at a time)
 * and per-type table, and target completion. Counted figures come from fair_unit_total (kept by
 * FairAggregatesService); a county filter or other statuses group the lines (FairTotalsService.lines()).
 */
@Injectable()
export class FairUnitFiguresService {
  constructor(
    @InjectRepository(FairUnitTotal) private readonly unitTotals: Repository<FairUnitTotal>,
    private readonly figures: FairTotalsService,
  ) {}

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
      this.figures.totals({ fairId }),
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
      this.figures.byBuyerType({ fairId }),
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

  /** Per unit from the lines (a county filter or other statuses), optionally for some units only. */
  private async unitsFromLines(filter: FairFilter, unitIds?: number[]): Promise<BuyerUnitFigures[]> {
    const lines = this.figures.lines(filter);
    if (unitIds) lines.andWhere('i.buyerUnitId IN (:...unitIds)', { unitIds });
    const rows = await selectAmounts(
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
}
