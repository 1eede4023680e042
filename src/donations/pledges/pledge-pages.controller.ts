import { Controller, Get, Header, Param, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { Roles } from '../../auth/roles.decorator';
import { confirmFirst, type Confirmation } from '../../common/confirmation';
import { flash } from '../../common/flash';
import { IdParam } from '../../common/id-param';
import { formatFen } from '../../common/money';
import { VISITOR_ACTOR } from '../../objections/objections.service';
import type { Pledge } from '../pledge.entity';
import { destinationOf, PledgePageService, progressOf } from './pledge-page.service';
import { PledgesService } from './pledges.service';

/** What cancelling says before it happens. */
function cancelConfirmation(pledge: Pledge, back: string): Confirmation {
  return {
    title: `取消${pledge.claim ? '认领' : '认捐'} ${pledge.pledgeNo}？`,
    consequences: [
      `${destinationOf(pledge)}：${formatFen(pledge.amountFen)}`,
      ...(pledge.claim ? ['取消后该项目将重新开放，其他爱心人士可以认领。'] : []),
      '取消后不能恢复；如仍想捐赠，可以重新认捐。',
    ],
    confirmLabel: '确认取消',
    back,
  };
}

/**
 * The donor's pledge page — a public donor's by the link in its address (a capability: the
 * token is the only key, so the page is never cached), a unit's from its account — and
 * cancelling an open pledge on which nothing was received yet.
 */
@ApiExcludeController()
@Controller()
export class PledgePagesController {
  constructor(
    private readonly pledges: PledgesService,
    private readonly page: PledgePageService,
  ) {}

  @Get('pledges/:token')
  @Header('Cache-Control', 'no-store')
  @Render('donations/pledge')
  async show(@Param('token') token: string) {
    const pledge = await this.pledges.byToken(token);
    return this.page.locals(pledge, { cancel: `/pledges/${token}/cancel`, back: null });
  }

  @Post('pledges/:token/cancel')
  @Redirect('/', 303)
  async cancel(@Param('token') token: string, @Req() req: Request) {
    const pledge = await this.pledges.byToken(token);
    await confirmFirst(req, () => cancelConfirmation(pledge, `/pledges/${token}`));
    await this.pledges.cancel(req.currentUser ?? VISITOR_ACTOR, pledge.id);
    return { url: `/pledges/${token}` };
  }

  @Get('my/pledges')
  @Roles('buyer')
  @Render('donations/my-pledges')
  async mine(@CurrentUser() user: SessionUser) {
    const list = await this.pledges.forUnit(user.buyerUnitId!);
    const received = await this.pledges.receivedByPledge(list.map((p) => p.id));
    const rows = list.map((p) => {
      const receivedFen = received.get(p.id) ?? 0;
      return { pledge: p, destination: destinationOf(p), receivedFen, progress: progressOf(p, receivedFen) };
    });
    const open = rows.filter((r) => r.pledge.status === 'open');
    return {
      title: '我的认捐',
      rows,
      pledgedFen: open.reduce((s, r) => s + r.pledge.amountFen, 0),
      receivedFen: open.reduce((s, r) => s + r.receivedFen, 0),
    };
  }

  @Get('my/pledges/:id')
  @Roles('buyer')
  @Render('donations/pledge')
  async mineOne(@CurrentUser() user: SessionUser, @IdParam() id: number) {
    const pledge = await this.pledges.byIdForUnit(id, user.buyerUnitId!);
    return this.page.locals(pledge, { cancel: `/my/pledges/${id}/cancel`, back: '/my/pledges' });
  }

  @Post('my/pledges/:id/cancel')
  @Roles('buyer')
  @Redirect('/my/pledges', 303)
  async cancelMine(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    const pledge = await this.pledges.byIdForUnit(id, user.buyerUnitId!);
    await confirmFirst(req, () => cancelConfirmation(pledge, `/my/pledges/${id}`));
    await this.pledges.cancel(user, id);
    flash(req, 'success', `已取消${pledge.claim ? '认领' : '认捐'} ${pledge.pledgeNo}`);
  }
}
