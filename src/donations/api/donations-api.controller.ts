import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorDto } from '../../catalogue/dto/catalogue-responses.dto';
import { AppError } from '../../common/app-error';
import { CountiesService } from '../../counties/counties.service';
import type { County } from '../../counties/county.entity';
import { FairsService } from '../../fairs/fairs.service';
import type { ProjectKind } from '../project-kinds';
import type { ProjectStatus } from '../project-status';
import { DONATIONS_PAGE_SIZE, HTML_PROJECTS_PAGE_SIZE } from '../public/project-view';
import { PublicDonationsService } from '../public/public-donations.service';
import { PublicProjectsService } from '../public/public-projects.service';
import { DonationsApiQueryDto, ProjectsApiQueryDto } from './dto/donation-api-query.dto';
import { DonationPageDto, ProjectPageDto } from './dto/donation-api-responses.dto';

/**
 * The read-only JSON API over the public 认领认捐 data: the projects a visitor may see and
 * the received donations of 捐赠公示, with 匿名 for donors who chose it. Bad parameters are a
 * 400 with a Chinese message naming the parameter (the one exception filter), an unknown or
 * unpublished project a 404.
 */
@ApiTags('认领认捐')
@Controller('api')
export class DonationsApiController {
  constructor(
    private readonly projects: PublicProjectsService,
    private readonly donations: PublicDonationsService,
    private readonly counties: CountiesService,
    private readonly fairs: FairsService,
  ) {}

  @Get('projects')
  @ApiOperation({
    summary: '认领认捐项目',
    description:
      '该届展销会认领认捐活动中公开的项目（已发布、已筹满、已结束、已关闭），按县区、类别、状态筛选并分页；金额均为整数分，认捐（承诺）与到账分列，只有到账计为已捐赠。默认当前一届，?fair=ID 为指定一届。',
  })
  @ApiOkResponse({ type: ProjectPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: '参数有误（说明见 message 和 fieldErrors）' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: '没有该届展销会' })
  async listProjects(@Query() query: ProjectsApiQueryDto): Promise<ProjectPageDto> {
    const county = await this.countyOrThrow(query.county);
    const fair = await this.fairs.resolve(query.fair);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? HTML_PROJECTS_PAGE_SIZE;
    const { items, total } = await this.projects.list(
      {
        fairId: fair.id,
        countyId: county?.id,
        kind: query.kind as ProjectKind | undefined,
        status: query.status as ProjectStatus | undefined,
      },
      page,
      pageSize,
    );
    return {
      items: items.map((p) => ({
        id: p.id,
        title: p.title,
        kind: p.kind,
        county: { code: p.county.code, name: p.county.name },
        soughtFen: p.soughtFen,
        pledgedFen: p.pledgedFen,
        receivedFen: p.receivedFen,
        disbursedFen: p.disbursedFen,
        status: p.status,
        deadline: p.deadline,
      })),
      total,
      page,
      pageSize,
    };
  }

  @Get('donations')
  @ApiOperation({
    summary: '捐赠公示：到账捐款',
    description: `该届展销会收到的捐款（已开具捐赠票据且未作废），与捐赠公示页面一致，按到账日期从近到远，每页 ${DONATIONS_PAGE_SIZE} 条。选择匿名的捐赠人显示为“匿名”；不含电话等个人信息。county 为出票县区（含该县区统筹资金），project 为项目 ID。默认当前一届，?fair=ID 为指定一届。`,
  })
  @ApiOkResponse({ type: DonationPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: '参数有误（说明见 message 和 fieldErrors）' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: '项目不存在或未公开，或没有该届展销会' })
  async listDonations(@Query() query: DonationsApiQueryDto): Promise<DonationPageDto> {
    const county = await this.countyOrThrow(query.county);
    // An unpublished project's donations are not public: 404, as its page. A project names its campaign.
    const project = query.project !== undefined ? await this.projects.findOrThrow(query.project) : null;
    const fair = await this.fairs.resolve(query.fair ?? project?.fairId);
    const page = query.page ?? 1;
    const { items, total } = await this.donations.list(
      { fairId: fair.id, countyId: county?.id, projectId: query.project },
      page,
      DONATIONS_PAGE_SIZE,
    );
    return {
      items: items.map((d) => ({
        projectId: d.projectId,
        donor: d.donor,
        amountFen: d.amountFen,
        receivedOn: d.receivedOn,
        receiptNo: d.receiptNo,
      })),
      total,
      page,
      pageSize: DONATIONS_PAGE_SIZE,
    };
  }

  /** A county code that names no county is a mistake the caller should hear about (400). */
  private async countyOrThrow(code: string | undefined): Promise<County | null> {
    if (!code) return null;
    const county = (await this.counties.findAll()).find((c) => c.code === code);
    if (!county) throw AppError.validation({ county: [`county（县区代码）${code} 不存在`] }, `county（县区代码）${code} 不存在`);
    return county;
  }
}
