import { Controller, Get, Query, Render } from '@nestjs/common';
import { parsePage } from '../common/page-param';
import { DonationTotalsService } from '../donations/donation-totals.service';
import { FAIR_STATUS_LABELS } from '../fairs/fair-status';
import { FairsService } from '../fairs/fairs.service';
import { TransparencyService } from './transparency.service';

/**
 * 公示, open to everyone without logging in: the current fair's, any past fair's (?fair=ID)
 * and the archive list. The pages have no form (they link to the objection form), so a
 * visitor gets neither a session nor a CSRF cookie from them.
 */
@Controller('gongshi')
export class TransparencyController {
  constructor(
    private readonly transparency: TransparencyService,
    private readonly fairs: FairsService,
    private readonly donationTotals: DonationTotalsService,
  ) {}

  @Get()
  @Render('transparency/index')
  async index(@Query('fair') fairParam?: unknown, @Query('page') pageParam?: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    const others = (await this.fairs.list()).filter((f) => f.id !== fair.id && f.status !== 'preparing');
    return {
      title: `${fair.name}公示`,
      shownFair: { ...fair, statusLabel: FAIR_STATUS_LABELS[fair.status], archived: fair.status === 'archived' },
      // The 爱心榜's page links keep the fair shown.
      honourRollQuery: { fair: fair.current ? '' : String(fair.id) },
      otherFairs: others.map((f) => ({ id: f.id, name: f.name, date: f.date, current: f.current === true })),
      // ?page= of the 爱心榜: anything but a page number shows the first page, past the end the last.
      ...(await this.transparency.publicFigures(fair.id, parsePage(pageParam))),
      // 认领认捐 is a campaign of its own: its totals stand in a section apart from the fair's figures.
      campaign: await this.donationTotals.ofFair(fair.id),
    };
  }

  @Get('archive')
  @Render('transparency/archive')
  async archive() {
    const fairs = await this.fairs.list();
    return {
      title: '历届公示',
      fairs: fairs.map((f) => ({
        id: f.id,
        name: f.name,
        date: f.date,
        statusLabel: FAIR_STATUS_LABELS[f.status],
        current: f.current === true,
      })),
    };
  }
}
