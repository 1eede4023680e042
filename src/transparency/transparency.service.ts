import { Injectable } from '@nestjs/common';
import { ObjectionsService } from '../objections/objections.service';
import { FairTotalsService, type Amounts } from '../intents/fair-totals.service';
import { FairUnitFiguresService } from '../intents/fair-unit-figures.service';
import { byPublicType, type PublicAmounts } from './public-types';
import { TargetCompletionService } from '../targets/target-completion.service';
import type { PublicTargets } from '../targets/public-targets';

/** What the name column of the 爱心榜 shows for a unit that chose to stay anonymous. */
export const ANONYMOUS_UNIT = '匿名单位';

/**
 * The public page's figures. Every field is picked explicitly: nothing else about a unit
 * (contact, phone, credit code, id) can reach the page by being added to a query later.
 */
export interface PublicFigures {
  totals: PublicAmounts & { intents: number };
  counties: (PublicAmounts & { name: string })[];
  /** Named units only, per type (see public-types.ts for why). */
  buyerTypes: (PublicAmounts & { type: string })[];
  /** Every anonymous unit together, without types; null when there is none. */
  anonymousUnits: PublicAmounts | null;
  /** 爱心榜, one page: participating units by intended amount; anonymous ones without name or type. */
  units: (Omit<PublicAmounts, 'buyerUnits'> & { rank: number; name: string; type: string | null; anonymous: boolean })[];
  /** Which page of the 爱心榜 `units` is (1-based, clamped to the pages there are). */
  unitPage: { page: number; pages: number; total: number; prev: number | null; next: number | null };
  objections: { received: number; answered: number; open: number };
  /** 认购目标 completion (see public-targets.ts for what anonymity allows); null without targets. */
  targets: PublicTargets | null;
  /** The latest change among the data shown (intents, their lines and units, objections). */
  updatedAt: Date | null;
}

/** Units per page of the 爱心榜: at a million intent lines a fair has some 20,000. */
export const HONOUR_ROLL_PAGE_SIZE = 100;

const amounts = (a: Amounts): PublicAmounts => ({
  buyerUnits: a.buyerUnits,
  intendedFen: a.intendedFen,
  signedFen: a.signedFen,
  deliveredFen: a.deliveredFen,
});

/** 公示: the fair's results for everyone (公开透明), from FairTotalsService so they agree with every other report. */
@Injectable()
export class TransparencyService {
  constructor(
    private readonly figures: FairTotalsService,
    private readonly unitFigures: FairUnitFiguresService,
    private readonly objections: ObjectionsService,
    private readonly targets: TargetCompletionService,
  ) {}

  /**
   * One fair's public figures (an archived fair's never change: its records are read-only),
   * with page `page` of the 爱心榜 (past the last page: the last one).
   */
  async publicFigures(fairId: number, page = 1): Promise<PublicFigures> {
    const filter = { fairId };
    const [totals, counties, groups, objections, figuresChangedAt, targets] = await Promise.all([
      this.figures.totals(filter),
      this.figures.byCounty(filter),
      this.unitFigures.unitGroups(fairId),
      this.objections.counts(fairId),
      this.figures.lastChange(fairId),
      this.targets.publicCompletion(fairId),
    ]);
    // The units counted per type are the 爱心榜's entries: their count gives the pages.
    const total = groups.reduce((n, g) => n + g.buyerUnits, 0);
    const pages = Math.max(1, Math.ceil(total / HONOUR_ROLL_PAGE_SIZE));
    const shown = Math.min(Math.max(page, 1), pages);
    const offset = (shown - 1) * HONOUR_ROLL_PAGE_SIZE;
    const { rows: units } = await this.unitFigures.unitRanking(fairId, { offset, limit: HONOUR_ROLL_PAGE_SIZE });
    const changes = [figuresChangedAt, objections.lastChange].filter((d): d is Date => d !== null);
    const { named, anonymous } = byPublicType(groups);
    return {
      totals: { ...amounts(totals), intents: totals.intents },
      counties: counties.map((c) => ({ name: c.name, ...amounts(c) })),
      buyerTypes: named,
      anonymousUnits: anonymous,
      unitPage: { page: shown, pages, total, prev: shown > 1 ? shown - 1 : null, next: shown < pages ? shown + 1 : null },
      units: units.map((u, i) => ({
        rank: offset + i + 1,
        // An anonymous unit's type is hidden too: with one hospital taking part, "医院" would name it.
        name: u.anonymous ? ANONYMOUS_UNIT : u.name,
        type: u.anonymous ? null : u.type,
        anonymous: u.anonymous,
        intendedFen: u.intendedFen,
        signedFen: u.signedFen,
        deliveredFen: u.deliveredFen,
      })),
      targets,
      objections: { received: objections.received, answered: objections.answered, open: objections.open },
      updatedAt: changes.length ? new Date(Math.max(...changes.map((d) => d.getTime()))) : null,
    };
  }
}
