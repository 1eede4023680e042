import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { pagination, parsePage } from '../../common/page-param';
import { CountiesService } from '../../counties/counties.service';
import { FairsService } from '../../fairs/fairs.service';
import { DonationTotalsService } from '../donation-totals.service';
import { PROJECT_KIND_LABELS, PROJECT_KINDS } from '../project-kinds';
import { DONATIONS_PAGE_SIZE, MAX_PAGE } from './project-view';
import { PublicDonationsService } from './public-donations.service';

/**
 * 捐赠公示 (主动公布社会各界捐款捐物情况): every received donation of a campaign with its
 * receipt number, and the totals per county and per project kind. Every figure is a sum of
 * rows the list shows (with 匿名 where chosen), so none tells a reader more than the list.
 */
@ApiExcludeController()
@Controller('gongshi/donations')
export class DonationsGongshiController {
  constructor(
    private readonly donations: PublicDonationsService,
    private readonly totals: DonationTotalsService,
    private readonly counties: CountiesService,
    private readonly fairs: FairsService,
  ) {}

  @Get()
  @Render('donations/public/gongshi')
  async index(@Query('fair') fairParam?: unknown, @Query('page') pageParam?: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    const requested = parsePage(Array.isArray(pageParam) ? pageParam[0] : pageParam, MAX_PAGE);
    const [campaign, byCounty, byKind, counties, updatedAt, fairs] = await Promise.all([
      this.totals.ofFair(fair.id),
      this.totals.byCounty(fair.id),
      this.donations.byKind(fair.id),
      this.counties.findAll(),
      this.donations.lastChange(fair.id),
      this.fairs.list(),
    ]);
    const pages = Math.max(1, Math.ceil(byKind.reduce((n, k) => n + k.donations, 0) / DONATIONS_PAGE_SIZE));
    const page = Math.min(requested, pages);
    const list = await this.donations.list({ fairId: fair.id }, page, DONATIONS_PAGE_SIZE);
    const countyRows = counties.filter((c) => byCounty.has(c.id)).map((c) => ({ name: c.name, code: c.code, ...byCounty.get(c.id)! }));
    const city = byCounty.get(null);
    const kindRows = [...PROJECT_KINDS, null]
      .map((kind) => ({ kind, found: byKind.find((k) => k.kind === kind) }))
      .filter((k) => k.found)
      .map(({ kind, found }) => ({
        label: kind ? PROJECT_KIND_LABELS[kind] : '不定向（统筹资金）',
        donations: found!.donations,
        receivedFen: found!.receivedFen,
      }));
    return {
      title: '捐赠公示',
      shownFair: { id: fair.id, name: fair.name, date: fair.date, archived: fair.status === 'archived', current: fair.current === true },
      campaign,
      donationCount: list.total,
      countyRows,
      cityRow: city ? { name: '市扶贫开发局（市统筹）', ...city } : null,
      kindRows,
      items: list.items,
      updatedAt,
      filters: { fair: fair.current ? undefined : String(fair.id) },
      pager: pagination(page, list.total, DONATIONS_PAGE_SIZE),
      otherFairs: fairs
        .filter((f) => f.id !== fair.id && f.status !== 'preparing')
        .map((f) => ({ id: f.id, name: f.name, date: f.date, current: f.current === true })),
    };
  }
}
