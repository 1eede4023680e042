import { BUYER_UNIT_TYPES } from '../buyers/buyer-unit-types';
import type { PurchaseTarget } from './purchase-target.entity';

/**
 * Completion of targets (目标完成情况), pure: targets and the fair's per-unit figures in,
 * rows out. The figures are FairTotalsService's, never recomputed here, so a unit's
 * intended, signed and delivered amounts equal the dashboard's and the workbook's to the fen.
 */

export interface ProgressAmounts {
  targetFen: number;
  intendedFen: number;
  signedFen: number;
  deliveredFen: number;
  /** Percent of the target, one decimal (may pass 100). */
  intendedPct: number;
  signedPct: number;
  deliveredPct: number;
}

export interface TargetProgress extends ProgressAmounts {
  id: number;
  unitName: string;
  creditCode: string;
  unitType: string;
  /** The registered unit, or null while none has this credit code. */
  buyerUnitId: number | null;
  /** The registered unit chose to appear as 匿名单位 on public pages. */
  anonymous: boolean;
}

export interface TypeProgress extends ProgressAmounts {
  type: string;
  /** Targets of this type. */
  units: number;
}

export type UnitAmounts = { intendedFen: number; signedFen: number; deliveredFen: number };
export type UnitLink = { id: number; anonymous: boolean };

/** part / whole in percent, one decimal; 0 when there is no target. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : 0;
}

export function withPercents<T extends Omit<ProgressAmounts, 'intendedPct' | 'signedPct' | 'deliveredPct'>>(a: T): T & ProgressAmounts {
  return {
    ...a,
    intendedPct: percent(a.intendedFen, a.targetFen),
    signedPct: percent(a.signedFen, a.targetFen),
    deliveredPct: percent(a.deliveredFen, a.targetFen),
  };
}

const ZERO: UnitAmounts = { intendedFen: 0, signedFen: 0, deliveredFen: 0 };

/** Each target with its unit's figures (zeros when the unit has not registered or has no counted intent). */
export function unitProgress(
  targets: PurchaseTarget[],
  unitByCode: Map<string, UnitLink>,
  amounts: Map<number, UnitAmounts>,
): TargetProgress[] {
  return targets.map((t) => {
    const unit = unitByCode.get(t.creditCode) ?? null;
    const a = (unit && amounts.get(unit.id)) ?? ZERO;
    return withPercents({
      id: t.id,
      unitName: t.unitName,
      creditCode: t.creditCode,
      unitType: t.unitType,
      buyerUnitId: unit?.id ?? null,
      anonymous: unit?.anonymous ?? false,
      targetFen: t.targetFen,
      intendedFen: a.intendedFen,
      signedFen: a.signedFen,
      deliveredFen: a.deliveredFen,
    });
  });
}

/** Sums rows per type, in the order of the buyer types list; only types that have targets. */
export function typeProgress(
  rows: Pick<TargetProgress, 'unitType' | 'targetFen' | 'intendedFen' | 'signedFen' | 'deliveredFen'>[],
): TypeProgress[] {
  const byType = new Map<string, Omit<TypeProgress, 'intendedPct' | 'signedPct' | 'deliveredPct'>>();
  for (const r of rows) {
    let t = byType.get(r.unitType);
    if (!t) byType.set(r.unitType, (t = { type: r.unitType, units: 0, targetFen: 0, intendedFen: 0, signedFen: 0, deliveredFen: 0 }));
    t.units++;
    t.targetFen += r.targetFen;
    t.intendedFen += r.intendedFen;
    t.signedFen += r.signedFen;
    t.deliveredFen += r.deliveredFen;
  }
  const order = (type: string) => {
    const i = (BUYER_UNIT_TYPES as readonly string[]).indexOf(type);
    return i < 0 ? BUYER_UNIT_TYPES.length : i;
  };
  return [...byType.values()].sort((a, b) => order(a.type) - order(b.type)).map(withPercents);
}

/** The sorts the pages offer (?sort=); `behind` is the default: lowest intended share first. */
export const TARGET_SORTS = {
  behind: '意向完成率（从低到高）',
  signed: '签约完成率（从低到高）',
  delivered: '成交完成率（从低到高）',
  target: '目标金额（从高到低）',
  name: '单位名称',
} as const;
export type TargetSort = keyof typeof TARGET_SORTS;

export function parseTargetSort(raw: unknown): TargetSort {
  const v = Array.isArray(raw) ? raw[0] : raw;
  return typeof v === 'string' && v in TARGET_SORTS ? (v as TargetSort) : 'behind';
}

/** Sorted copy; ties go to the larger target (the bigger gap), then the unit name and id, so the order is stable. */
export function sortProgress<T extends ProgressAmounts & { unitName?: string; id?: number }>(rows: T[], sort: TargetSort): T[] {
  const byName = (a: T, b: T) => (a.unitName ?? '').localeCompare(b.unitName ?? '', 'zh-CN') || (a.id ?? 0) - (b.id ?? 0);
  const tie = (a: T, b: T) => b.targetFen - a.targetFen || byName(a, b);
  const cmp: Record<TargetSort, (a: T, b: T) => number> = {
    behind: (a, b) => a.intendedPct - b.intendedPct || a.intendedFen / a.targetFen - b.intendedFen / b.targetFen || tie(a, b),
    signed: (a, b) => a.signedPct - b.signedPct || tie(a, b),
    delivered: (a, b) => a.deliveredPct - b.deliveredPct || tie(a, b),
    target: (a, b) => tie(a, b),
    name: byName,
  };
  return [...rows].sort(cmp[sort]);
}

/** Totals of every row. */
export function totalProgress(rows: ProgressAmounts[]): ProgressAmounts {
  const sum = (k: 'targetFen' | 'intendedFen' | 'signedFen' | 'deliveredFen') => rows.reduce((s, r) => s + r[k], 0);
  return withPercents({
    targetFen: sum('targetFen'),
    intendedFen: sum('intendedFen'),
    signedFen: sum('signedFen'),
    deliveredFen: sum('deliveredFen'),
  });
}
