import { percent, typeProgress, type TargetProgress } from './target-completion';

/** What 公示 shows of a target: the target against intended and signed amounts. */
export interface PublicProgress {
  targetFen: number;
  intendedFen: number;
  signedFen: number;
  intendedPct: number;
  signedPct: number;
}

export interface PublicTargets {
  /** Per type: targets of units that did not choose anonymity (registered or not yet). */
  types: (PublicProgress & { type: string; units: number })[];
  /** Every anonymous unit's target together, without types; null when there is none. */
  anonymous: (PublicProgress & { units: number }) | null;
  /** Named registered units, one row each, by name. */
  units: (PublicProgress & { name: string; type: string })[];
  totals: PublicProgress;
}

const shown = (a: { targetFen: number; intendedFen: number; signedFen: number }): PublicProgress => ({
  targetFen: a.targetFen,
  intendedFen: a.intendedFen,
  signedFen: a.signedFen,
  intendedPct: percent(a.intendedFen, a.targetFen),
  signedPct: percent(a.signedFen, a.targetFen),
});

/**
 * Target completion on 公示, built by the rule of public-types.ts so that no figure lets a
 * reader work out an anonymous unit's type or amounts beside its type.
 *
 * A type row that summed every target of the type would leak by subtraction: the 机关事业单位
 * row minus the named 机关事业单位 listed below it is the anonymous one's target and amounts —
 * and with one anonymous unit, that is its row, now with its type. So:
 *  - a type row sums only targets whose unit did not choose anonymity (registered named units,
 *    and targets still waiting for their unit, whose amounts are zero and who chose nothing);
 *  - every anonymous unit's target forms one 匿名单位 row, without types;
 *  - only registered named units are listed one by one.
 * A type row minus the named units listed with that type is then the targets still waiting for
 * registration (nothing bought yet, nothing anonymous), and the 匿名单位 row is the page's total
 * minus the type rows, which the page shows anyway. With a single anonymous unit its row is its
 * own target and amounts: public by design, as on the 爱心榜, while its name and type are not.
 */
export function publicTargets(rows: TargetProgress[]): PublicTargets {
  const named = rows.filter((r) => !r.anonymous);
  const anonymous = rows.filter((r) => r.anonymous);
  const sum = (list: TargetProgress[]) =>
    shown({
      targetFen: list.reduce((s, r) => s + r.targetFen, 0),
      intendedFen: list.reduce((s, r) => s + r.intendedFen, 0),
      signedFen: list.reduce((s, r) => s + r.signedFen, 0),
    });
  return {
    types: typeProgress(named).map((t) => ({ type: t.type, units: t.units, ...shown(t) })),
    anonymous: anonymous.length ? { units: anonymous.length, ...sum(anonymous) } : null,
    units: named
      .filter((r) => r.buyerUnitId !== null)
      .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN') || a.id - b.id)
      .map((r) => ({ name: r.unitName, type: r.unitType, ...shown(r) })),
    totals: sum(rows),
  };
}
