import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionUser } from '../../auth/current-user';
import { AppError, httpStatusFor } from '../../common/app-error';
import { parseRecordId } from '../../common/id-param';
import { BuyerUnitLookupsService } from '../../buyers/buyer-unit-lookups.service';
import { CountiesService } from '../../counties/counties.service';
import { CITY_OFFICE } from '../donation-office';
import { DONATION_TEXT_LIMITS, MAX_DONATION_FEN } from '../donation-limits';
import type { DonationProject } from '../donation-project.entity';
import { DonationTotalsService } from '../donation-totals.service';
import { DONOR_KIND_LABELS } from '../donor-kinds';
import { PROJECT_KIND_LABELS } from '../project-kinds';
import { PLEDGEABLE_PROJECT_STATUSES } from '../project-status';
import { ProjectsService } from '../projects/projects.service';
import type { Donor } from './pledge-creation.service';
import { PUBLIC_DONOR_KINDS } from './dto/pledge-input.dto';
import { fixedClaimFen, isWholeClaim } from './pledge-rules';

/** Who is at the form: a visitor, or a buyer unit (from its account). Staff accounts do not pledge. */
export function donorAt(user: SessionUser | undefined, unitName = ''): Donor {
  if (!user) return { kind: 'public' };
  if (user.role === 'buyer' && user.buyerUnitId !== null) return { kind: 'unit', user, unitId: user.buyerUnitId, unitName };
  throw AppError.forbidden('工作人员账号不能认捐。如需以个人或单位名义认捐，请先退出登录。');
}

/**
 * What the pledge form shows besides the typed values: the project (or the funds to choose
 * from), who pledges, and why it is closed when it no longer takes pledges — also when the
 * form is shown again after a refusal.
 */
@Injectable()
export class PledgeFormLocals {
  constructor(
    private readonly projects: ProjectsService,
    private readonly totals: DonationTotalsService,
    private readonly counties: CountiesService,
    private readonly units: BuyerUnitLookupsService,
  ) {}

  async formLocals(req: Request) {
    const id = req.params.id === undefined ? null : parseRecordId(req.params.id);
    if (req.params.id !== undefined && id === null) throw AppError.notFound('该项目');
    return id === null ? this.forFund(req.currentUser) : this.forProject(id, req.currentUser);
  }

  async forProject(id: number, user: SessionUser | undefined) {
    let closedReason: string | null = null;
    let closedStatus = 200;
    let project: DonationProject;
    try {
      project = await this.projects.pledgeableOrThrow(id);
    } catch (e) {
      // Not public: 404 as its page. Public but closed: the reason instead of the form.
      if (!(e instanceof AppError) || e.code === 'NOT_FOUND') throw e;
      closedReason = e.message;
      closedStatus = httpStatusFor(e.code);
      project = await this.projects.publicOrThrow(id);
    }
    const totals = await this.totals.ofProject(project.id);
    const claim = isWholeClaim(project);
    return {
      ...(await this.common(user)),
      title: `${claim ? '认领' : '认捐'}：${project.title}`,
      action: `/projects/${project.id}/pledge`,
      project: {
        ...project,
        countyName: project.county?.name ?? '',
        kindLabel: PROJECT_KIND_LABELS[project.kind] ?? project.kind,
        open: PLEDGEABLE_PROJECT_STATUSES.includes(project.status),
      },
      totals,
      claim,
      fixedFen: fixedClaimFen(project),
      closedReason,
      closedStatus,
    };
  }

  async forFund(user: SessionUser | undefined) {
    const counties = await this.counties.findAll();
    return {
      ...(await this.common(user)),
      title: '向扶贫基金捐赠（不定向）',
      action: '/donate',
      funds: [
        { code: CITY_OFFICE, name: '市扶贫基金（由市扶贫开发局统筹使用）' },
        ...counties.map((c) => ({ code: c.code, name: `${c.name}扶贫基金（由${c.name}扶贫开发局统筹使用）` })),
      ],
      claim: false,
      fixedFen: null,
      closedReason: null,
    };
  }

  /** The donor part of the form: a unit pledges as itself; anyone else says who they are. */
  private async common(user: SessionUser | undefined) {
    const donor = donorAt(user);
    const unit = donor.kind === 'unit' ? await this.units.findByIdOrThrow(donor.unitId) : null;
    return {
      unit: unit ? { name: unit.name, mobile: unit.mobile } : null,
      donorKinds: PUBLIC_DONOR_KINDS.map((k) => ({ value: k, label: DONOR_KIND_LABELS[k] })),
      limits: DONATION_TEXT_LIMITS,
      maxYuan: MAX_DONATION_FEN / 100,
    };
  }
}
