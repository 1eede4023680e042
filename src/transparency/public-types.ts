import type { UnitGroupFigures } from '../intents/fair-totals.service';

export type PublicAmounts = { buyerUnits: number; intendedFen: number; signedFen: number; deliveredFen: number };

/**
 * The per-type table of 公示, built so that it cannot reveal an anonymous unit's type.
 *
 * A type's row used to sum every unit of that type, anonymous ones included, while the
 * 爱心榜 lists named units with their types: a 食堂 row minus the named 食堂 was the amount
 * of the anonymous 食堂, and that amount stands beside 匿名单位 on the 爱心榜.
 *
 * The rule: a type's row sums only named units, and all anonymous units form one row of
 * their own, without types. Then every figure of the table is a sum of 爱心榜 entries the
 * page already shows (a type's row: the named entries of that type; the anonymous row: the
 * 匿名单位 entries), so the table tells a reader nothing the 爱心榜 does not, and the 爱心榜
 * shows no type for an anonymous unit. The rest of the page carries no type at all: totals,
 * counties (by product), objection counts.
 *
 * With a single anonymous unit its row equals its 爱心榜 amount. That is on purpose: an
 * anonymous unit's amounts are public (they count, and are listed as 匿名单位, like an
 * anonymous donation), its name and type are not.
 *
 * The input is the units grouped by (anonymous, type) in SQL (FairTotalsService.unitGroups),
 * not a list of units: a fair has tens of thousands.
 */
export function byPublicType(groups: UnitGroupFigures[]): {
  named: (PublicAmounts & { type: string })[];
  anonymous: PublicAmounts | null;
} {
  const add = (sum: PublicAmounts, u: UnitGroupFigures) => {
    sum.buyerUnits += u.buyerUnits;
    sum.intendedFen += u.intendedFen;
    sum.signedFen += u.signedFen;
    sum.deliveredFen += u.deliveredFen;
  };
  const zero = (): PublicAmounts => ({ buyerUnits: 0, intendedFen: 0, signedFen: 0, deliveredFen: 0 });
  const types = new Map<string, PublicAmounts & { type: string }>();
  let anonymous: PublicAmounts | null = null;
  for (const u of groups) {
    if (u.anonymous) {
      add((anonymous ??= zero()), u);
      continue;
    }
    let row = types.get(u.type);
    if (!row) types.set(u.type, (row = { type: u.type, ...zero() }));
    add(row, u);
  }
  const named = [...types.values()].sort((a, b) => b.intendedFen - a.intendedFen || a.type.localeCompare(b.type, 'zh-CN'));
  return { named, anonymous };
}
