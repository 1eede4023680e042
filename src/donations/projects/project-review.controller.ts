import { Body, Controller, Get, Injectable, Post, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { Roles } from '../../auth/roles.decorator';
import { AppError } from '../../common/app-error';
import { confirmFirst } from '../../common/confirmation';
import { flash } from '../../common/flash';
import { FormView, type FormLocalsProvider } from '../../common/form-view';
import { IdParam } from '../../common/id-param';
import { pagination, parsePage } from '../../common/page-param';
import { CountiesService } from '../../counties/counties.service';
import { FairsService } from '../../fairs/fairs.service';
import { DonationTotalsService } from '../donation-totals.service';
import { PROJECT_KIND_LABELS, PROJECT_KINDS, type ProjectKind } from '../project-kinds';
import { PROJECT_STATUS_LABELS, PROJECT_STATUSES, type ProjectStatus } from '../project-status';
import { ProjectStatusDto, ReturnProjectDto } from './dto/review-project.dto';
import { STATUS_CHANGE_CONSEQUENCES, STATUS_CHANGES } from './project-rules';
import { ProjectReviewService } from './project-review.service';
import { labelled } from './project-view';
import { ProjectsService } from './projects.service';

const PAGE_SIZE = 50;
const asText = (v: unknown) => (typeof v === 'string' ? v : '');

/** One project's review page: what the county entered, its figures, and the decisions open now. */
@Injectable()
export class ProjectReviewLocals implements FormLocalsProvider {
  constructor(
    private readonly projects: ProjectsService,
    private readonly totals: DonationTotalsService,
  ) {}

  async formLocals(req: Request) {
    const project = await this.projects.findManageableOrThrow(req.currentUser!, Number(req.params.id));
    return {
      title: `审核：${project.title}`,
      project: labelled(project),
      totals: await this.totals.ofProject(project.id),
      // Not `pending`: the field partials read that name from the context (a value waiting for review).
      awaitsReview: project.status === 'pending',
      statusChanges: (STATUS_CHANGES[project.status] ?? []).map((value) => ({ value, label: PROJECT_STATUS_LABELS[value] })),
    };
  }
}

/**
 * The organiser's projects page: by default the queue of 待审核 projects across the counties
 * (oldest first); the filters (county, kind, status) show any other list of the current campaign.
 */
@Injectable()
export class ProjectQueueLocals {
  constructor(
    private readonly review: ProjectReviewService,
    private readonly counties: CountiesService,
    private readonly fairs: FairsService,
  ) {}

  async locals(query: Record<string, unknown>) {
    const statusParam = asText(query.status) || 'pending';
    const status = PROJECT_STATUSES.includes(statusParam as ProjectStatus) ? (statusParam as ProjectStatus) : undefined;
    const kindParam = asText(query.kind);
    const kind = PROJECT_KINDS.includes(kindParam as ProjectKind) ? (kindParam as ProjectKind) : undefined;
    const page = parsePage(query.page);
    const [counties, fair] = await Promise.all([this.counties.findAll(), this.fairs.fromQuery(query.fair)]);
    const county = counties.find((c) => c.code === asText(query.county));
    const list = await this.review.list({ status, kind, countyId: county?.id, fairId: fair.id }, page, PAGE_SIZE);
    return {
      title: '项目审核',
      fair,
      fairOptions: await this.fairs.selector(fair),
      projects: list.items.map(labelled),
      total: list.total,
      queue: status === 'pending',
      heading: status ? PROJECT_STATUS_LABELS[status] : '全部状态',
      pager: pagination(page, list.total, PAGE_SIZE),
      counties,
      kinds: PROJECT_KINDS.map((value) => ({ value, label: PROJECT_KIND_LABELS[value] })),
      // 'all' keeps "every status" apart from the default (the queue).
      statuses: [{ value: 'all', label: '全部状态' }, ...PROJECT_STATUSES.map((value) => ({ value, label: PROJECT_STATUS_LABELS[value] }))],
      filters: { status: status ?? 'all', kind: kind ?? '', county: county?.code ?? '', fair: fair.current ? '' : fair.id },
    };
  }
}

/** The organiser reviews the counties' projects before they are public, and later marks them funded, ended or closed. */
@Controller('admin/projects')
@Roles('organiser')
export class ProjectReviewController {
  constructor(
    private readonly review: ProjectReviewService,
    private readonly projects: ProjectsService,
    private readonly queueLocals: ProjectQueueLocals,
    private readonly reviewLocals: ProjectReviewLocals,
  ) {}

  @Get()
  @Render('donations/projects/review-index')
  index(@Req() req: Request) {
    return this.queueLocals.locals(req.query as Record<string, unknown>);
  }

  @Get(':id')
  @Render('donations/projects/review-show')
  // @IdParam() answers a malformed id with 404 before the page's locals read req.params.id.
  show(@IdParam() _id: number, @Req() req: Request) {
    return this.reviewLocals.formLocals(req);
  }

  @Post(':id/approve')
  @FormView('donations/projects/review-show', ProjectReviewLocals)
  @Redirect('/admin/projects', 303)
  async approve(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    const project = await this.review.approve(user, id);
    flash(req, 'success', `已通过“${project.title}”，现已公开发布。`);
  }

  @Post(':id/return')
  @FormView('donations/projects/review-show', ProjectReviewLocals)
  @Redirect('/admin/projects', 303)
  async returnForChanges(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: ReturnProjectDto, @Req() req: Request) {
    await confirmFirst(req, async () => {
      const project = await this.projects.findManageableOrThrow(user, id);
      return {
        title: `退回“${project.title}”？`,
        consequences: [
          '该项目将变为“已退回”，不公开发布，县区修改后可再次提交审核。',
          `${project.county?.name ?? '县区'}会看到退回原因：${dto.reason}`,
        ],
        confirmLabel: '确认退回',
        back: `/admin/projects/${id}`,
      };
    });
    const project = await this.review.returnForChanges(user, id, dto.reason);
    flash(req, 'success', `已退回“${project.title}”，县区会看到退回原因。`);
  }

  @Post(':id/status')
  @FormView('donations/projects/review-show', ProjectReviewLocals)
  @Redirect('/admin/projects', 303)
  async changeStatus(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: ProjectStatusDto, @Req() req: Request) {
    await confirmFirst(req, async () => {
      const project = await this.projects.findManageableOrThrow(user, id);
      // An impossible change is refused at once, not after a confirmation.
      if (!this.review.canChange(project, dto.status)) {
        throw new AppError(
          'CONFLICT',
          `该项目当前状态为“${PROJECT_STATUS_LABELS[project.status]}”，不能改为“${PROJECT_STATUS_LABELS[dto.status]}”`,
        );
      }
      return {
        title: `将“${project.title}”改为“${PROJECT_STATUS_LABELS[dto.status]}”？`,
        consequences: [STATUS_CHANGE_CONSEQUENCES[dto.status]!],
        confirmLabel: `确认改为“${PROJECT_STATUS_LABELS[dto.status]}”`,
        back: `/admin/projects/${id}`,
      };
    });
    const project = await this.review.changeStatus(user, id, dto.status);
    flash(req, 'success', `“${project.title}”已改为“${PROJECT_STATUS_LABELS[project.status]}”。`);
    return { url: `/admin/projects/${id}` };
  }
}
