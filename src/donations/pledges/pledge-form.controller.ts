import { Body, Controller, Get, Post, Redirect, Render, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { BuyerUnitLookupsService } from '../../buyers/buyer-unit-lookups.service';
import { FormView } from '../../common/form-view';
import { IdParam } from '../../common/id-param';
import { UserThrottlerGuard } from '../../intents/user-throttler.guard';
import type { Pledge } from '../pledge.entity';
import { validatePledgeForm } from './dto/pledge-input.dto';
import { ProjectsService } from '../projects/projects.service';
import { PledgeCreationService, type Donor } from './pledge-creation.service';
import { donorAt, PledgeFormLocals } from './pledge-form.locals';
import { fixedClaimFen } from './pledge-rules';

/**
 * Pledges a client may send in 10 minutes: per address for visitors, per account for a
 * unit (refused ones count too). A family or an office behind one address stays far below;
 * a flood of made-up pledges is cut off.
 */
export const PLEDGES_PER_10_MINUTES = 10;

const defaults = (unit: { mobile: string } | null) => ({ donorKind: 'person', publicity: 'named', donorPhone: unit?.mobile ?? '' });

/** Where a new pledge sends its donor: the public donor's own link, or the unit's page of it. */
const pledgePage = (pledge: Pledge) => (pledge.accessToken ? `/pledges/${pledge.accessToken}` : `/my/pledges/${pledge.id}`);

/**
 * 我要认捐 / 我要认领: the public pledge form for a project, and /donate for a county's or the
 * city's fund (不定向). No log-in needed; a signed-in buyer unit pledges as itself.
 */
@ApiExcludeController()
@Controller()
export class PledgeFormController {
  constructor(
    private readonly creation: PledgeCreationService,
    private readonly projects: ProjectsService,
    private readonly locals: PledgeFormLocals,
    private readonly units: BuyerUnitLookupsService,
  ) {}

  @Get('projects/:id/pledge')
  @Render('donations/pledge-form')
  async projectForm(@IdParam() id: number, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const locals = await this.locals.forProject(id, req.currentUser);
    // A project that no longer takes pledges: the page says why (and where else to give), as a refusal.
    if (locals.closedReason) res.status(locals.closedStatus);
    return { ...locals, values: defaults(locals.unit) };
  }

  @Post('projects/:id/pledge')
  @UseGuards(UserThrottlerGuard)
  @Throttle({ default: { limit: PLEDGES_PER_10_MINUTES, ttl: 10 * 60_000 } })
  @FormView('donations/pledge-form', PledgeFormLocals)
  @Redirect('/', 303)
  async pledgeToProject(@IdParam() id: number, @Body() body: Record<string, unknown>, @Req() req: Request) {
    const donor = await this.donor(req);
    const project = await this.projects.pledgeableOrThrow(id);
    const input = await validatePledgeForm(body, {
      forUnit: donor.kind === 'unit',
      amountFixed: fixedClaimFen(project) !== null,
      asksFund: false,
    });
    return { url: pledgePage(await this.creation.toProject(donor, id, input)) };
  }

  @Get('donate')
  @Render('donations/pledge-form')
  async fundForm(@Req() req: Request) {
    const locals = await this.locals.forFund(req.currentUser);
    return { ...locals, values: defaults(locals.unit) };
  }

  @Post('donate')
  @UseGuards(UserThrottlerGuard)
  @Throttle({ default: { limit: PLEDGES_PER_10_MINUTES, ttl: 10 * 60_000 } })
  @FormView('donations/pledge-form', PledgeFormLocals)
  @Redirect('/', 303)
  async pledgeToFund(@Body() body: Record<string, unknown>, @Req() req: Request) {
    const donor = await this.donor(req);
    const input = await validatePledgeForm(body, { forUnit: donor.kind === 'unit', amountFixed: false, asksFund: true });
    return { url: pledgePage(await this.creation.toFund(donor, input.fund!, input)) };
  }

  /** The donor, with a unit's current name from its record. */
  private async donor(req: Request): Promise<Donor> {
    const donor = donorAt(req.currentUser);
    return donor.kind === 'unit' ? { ...donor, unitName: (await this.units.findByIdOrThrow(donor.unitId)).name } : donor;
  }
}
