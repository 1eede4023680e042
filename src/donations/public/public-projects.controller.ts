import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppError } from '../../common/app-error';
import { IdParam } from '../../common/id-param';
import { pagination, parsePage } from '../../common/page-param';
import { CountiesService } from '../../counties/counties.service';
import type { County } from '../../counties/county.entity';
import type { Fair } from '../../fairs/fair.entity';
import { FairsService } from '../../fairs/fairs.service';
import { filterOptions, HTML_PROJECTS_PAGE_SIZE, isProjectKind, isPublicStatus, MAX_PAGE, projectCard } from './project-view';
import { PublicDonationsService } from './public-donations.service';
import { PublicProjectsService } from './public-projects.service';

const first = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v.trim() : undefined;
};

/**
 * 认领认捐 for everyone, without logging in: the city page of a campaign (the current fair's,
 * or ?fair=ID for a past one), a county's page its own website can link to, and a project's
 * page. Like the catalogue, a shared link with a mistyped filter still shows a page (the bad
 * filter is dropped); the JSON API refuses it instead. No page writes a session.
 */
@ApiExcludeController()
@Controller('projects')
export class PublicProjectsController {
  constructor(
    private readonly projects: PublicProjectsService,
    private readonly donations: PublicDonationsService,
    private readonly counties: CountiesService,
    private readonly fairs: FairsService,
  ) {}

  @Get()
  @Render('donations/public/index')
  async index(@Query() query: Record<string, unknown>) {
    return this.listPage(query, null);
  }

  @Get('county/:code')
  @Render('donations/public/index')
  async county(@Param('code') code: string, @Query() query: Record<string, unknown>) {
    const county = (await this.counties.findAll()).find((c) => c.code === code);
    if (!county) throw AppError.notFound('该县区');
    return this.listPage(query, county);
  }

  @Get(':id')
  @Render('donations/public/show')
  async show(@IdParam() id: number) {
    const project = await this.projects.findOrThrow(id);
    const [fair, donations, disbursements] = await Promise.all([
      this.fairs.byId(project.fairId),
      // A project's donations fit one page in practice; the 公示 pages through all of them.
      this.donations.list({ fairId: project.fairId, projectId: id }, 1, 500),
      this.projects.disbursementsOf(id),
    ]);
    return {
      title: project.title,
      shareTitle: `${project.title}｜${project.county.name}认领认捐项目`,
      shareDescription: project.description.replace(/\s+/g, ' ').slice(0, 60),
      project: projectCard(project, fair.status === 'archived'),
      shownFair: this.fairInfo(fair),
      donations: donations.items,
      donationsMore: donations.total > donations.items.length,
      disbursements,
    };
  }

  /** The city page, or one county's (then the county filter is the path's, and its fund is shown). */
  private async listPage(query: Record<string, unknown>, county: County | null) {
    const fair = await this.fairs.fromQuery(query.fair);
    const counties = await this.counties.findAll();
    const countyCode = county?.code ?? first(query.county);
    const shownCounty = county ?? counties.find((c) => c.code === countyCode) ?? null;
    const kind = first(query.kind);
    const status = first(query.status);
    const filters = {
      fairId: fair.id,
      countyId: shownCounty?.id,
      kind: isProjectKind(kind) ? kind : undefined,
      status: isPublicStatus(status) ? status : undefined,
    };
    const requested = parsePage(first(query.page), MAX_PAGE);
    let result = await this.projects.list(filters, requested, HTML_PROJECTS_PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(result.total / HTML_PROJECTS_PAGE_SIZE));
    if (requested > pages) result = await this.projects.list(filters, pages, HTML_PROJECTS_PAGE_SIZE);
    const page = Math.min(requested, pages);
    const archived = fair.status === 'archived';
    const title = county ? `${county.name}认领认捐项目` : '认领认捐项目';
    return {
      title,
      shareDescription: `${fair.name}：${title}，共 ${result.total} 个。欢迎社会各界认领、认捐。`,
      shownFair: this.fairInfo(fair),
      countyPage: county ? { code: county.code, name: county.name, ...(await this.donations.countyReceived(fair.id, county.id)) } : null,
      action: county ? `/projects/county/${county.code}` : '/projects',
      items: result.items.map((p) => projectCard(p, archived)),
      counties: county ? [] : counties.map((c) => ({ code: c.code, name: c.name, selected: c.id === shownCounty?.id })),
      ...filterOptions(filters.kind, filters.status),
      filtered: Boolean((!county && shownCounty) || filters.kind || filters.status),
      filters: {
        fair: fair.current ? undefined : String(fair.id),
        county: county ? undefined : shownCounty?.code,
        kind: filters.kind,
        status: filters.status,
      },
      pager: pagination(page, result.total, HTML_PROJECTS_PAGE_SIZE),
      otherFairs: (await this.fairs.list())
        .filter((f) => f.id !== fair.id && f.status !== 'preparing')
        .map((f) => ({ id: f.id, name: f.name, date: f.date, current: f.current === true })),
    };
  }

  private fairInfo(fair: Fair) {
    return { id: fair.id, name: fair.name, date: fair.date, current: fair.current === true, archived: fair.status === 'archived' };
  }
}
