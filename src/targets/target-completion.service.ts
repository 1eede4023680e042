import { Injectable } from '@nestjs/common';
import { BuyerUnitLookupsService } from '../buyers/buyer-unit-lookups.service';
import type { BuyerUnit } from '../buyers/buyer-unit.entity';
import type { FairFilter } from '../intents/fair-totals.service';
import { FairUnitFiguresService } from '../intents/fair-unit-figures.service';
import { publicTargets, type PublicTargets } from './public-targets';
import {
  sortProgress,
  totalProgress,
  typeProgress,
  unitProgress,
  withPercents,
  type ProgressAmounts,
  type TargetProgress,
  type TargetSort,
  type TypeProgress,
  type UnitLink,
} from './target-completion';
import { TargetsService } from './targets.service';

export interface Completion {
  units: TargetProgress[];
  types: TypeProgress[];
  totals: ProgressAmounts;
  /** Targets whose unit has registered. */
  registered: number;
}

/** A buyer unit's own target and its progress, for its pages. */
export type OwnTarget = ProgressAmounts & { unitName: string; fairName?: string };

/**
 * 目标完成情况 for the dashboard, /admin/targets, the workbook and 公示: each target with its
 * unit's figures from FairUnitFiguresService.byBuyerUnit (the 爱心榜's and the 按单位 sheet's).
 */
@Injectable()
export class TargetCompletionService {
  constructor(
    private readonly targets: TargetsService,
    private readonly unitFigures: FairUnitFiguresService,
    private readonly units: BuyerUnitLookupsService,
  ) {}

  /**
   * Completion under a figures filter (the workbook's county/type/status filter applies too;
   * a type filter keeps only that type's targets).
   */
  async completion(filter: FairFilter, sort: TargetSort = 'behind'): Promise<Completion> {
    const all = await this.targets.list(filter.fairId);
    const targets = filter.buyerType ? all.filter((t) => t.unitType === filter.buyerType) : all;
    const linked = await this.unitLinks(targets.map((t) => t.creditCode));
    // Only the targets' units: a fair has far more units than targets.
    const amounts = await this.unitFigures.byBuyerUnits(
      filter,
      [...linked.values()].map((u) => u.id),
    );
    const rows = unitProgress(targets, linked, new Map(amounts.map((a) => [a.unitId, a])));
    return {
      units: sortProgress(rows, sort),
      types: typeProgress(rows),
      totals: totalProgress(rows),
      registered: rows.filter((r) => r.buyerUnitId !== null).length,
    };
  }

  /** 公示's share of it: see public-targets.ts for what may be shown. */
  async publicCompletion(fairId: number): Promise<PublicTargets | null> {
    const { units } = await this.completion({ fairId });
    return units.length ? publicTargets(units) : null;
  }

  /** The unit's own target at the fair and its progress, or null when it has none. */
  async forUnit(fairId: number, unit: BuyerUnit): Promise<OwnTarget | null> {
    const target = await this.targets.forUnit(fairId, unit);
    if (!target) return null;
    const [own] = await this.unitFigures.byBuyerUnit({ fairId, buyerUnitId: unit.id });
    return {
      unitName: unit.name,
      ...withPercents({
        targetFen: target.targetFen,
        intendedFen: own?.intendedFen ?? 0,
        signedFen: own?.signedFen ?? 0,
        deliveredFen: own?.deliveredFen ?? 0,
      }),
    };
  }

  /**
   * Registered units by credit code. Read by code rather than only through buyerUnitId, so a
   * unit that exists without having passed through registration (created by the demo data, or
   * before its target) still counts; registration attaches the id for good.
   */
  private async unitLinks(codes: string[]): Promise<Map<string, UnitLink>> {
    const units = await this.units.findByCreditCodes(codes);
    return new Map(units.map((u) => [u.creditCode, { id: u.id, anonymous: u.anonymous }]));
  }
}
