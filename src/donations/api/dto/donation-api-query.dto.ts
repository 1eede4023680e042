import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { RecordIdField } from '../../../common/id-param';
import { IntegerField, TrimmedText } from '../../../common/validation';
import { FairQueryDto } from '../../../fairs/dto/fair-query.dto';
import { PROJECT_KINDS } from '../../project-kinds';
import { PUBLIC_PROJECT_STATUSES } from '../../project-status';
import { API_MAX_PAGE_SIZE, DONATIONS_PAGE_SIZE, HTML_PROJECTS_PAGE_SIZE, MAX_PAGE } from '../../public/project-view';

const COUNTY_MESSAGE = 'county（县区代码）应为 6 位数字，如 341321';

/** ?county= and ?page=, shared by both lists: empty counts as absent, a repeated parameter counts once. */
class DonationListQueryDto extends FairQueryDto {
  @ApiPropertyOptional({ description: '县区代码（6 位行政区划代码）', example: '341321' })
  @TrimmedText()
  @IsOptional()
  @IsString({ message: COUNTY_MESSAGE })
  @Matches(/^\d{6}$/, { message: COUNTY_MESSAGE })
  county?: string;

  @ApiPropertyOptional({ description: '页码，从 1 开始', type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IntegerField()
  @IsOptional()
  @IsInt({ message: 'page（页码）应为正整数' })
  @Min(1, { message: 'page（页码）应为正整数' })
  @Max(MAX_PAGE, { message: 'page（页码）不能超过 $constraint1' })
  page?: number;
}

/** GET /api/projects: the campaign's public projects. */
export class ProjectsApiQueryDto extends DonationListQueryDto {
  @ApiPropertyOptional({ description: '项目类别', enum: PROJECT_KINDS })
  @TrimmedText()
  @IsOptional()
  @IsIn(PROJECT_KINDS as unknown as string[], { message: `kind（项目类别）应为以下之一：${PROJECT_KINDS.join('、')}` })
  kind?: string;

  @ApiPropertyOptional({
    description: '项目状态：published 已发布（可认捐）、funded 已筹满、ended 已结束、closed 已关闭',
    enum: PUBLIC_PROJECT_STATUSES,
  })
  @TrimmedText()
  @IsOptional()
  @IsIn(PUBLIC_PROJECT_STATUSES as unknown as string[], {
    message: `status（项目状态）应为以下之一：${PUBLIC_PROJECT_STATUSES.join('、')}`,
  })
  status?: string;

  @ApiPropertyOptional({
    description: `每页条数，默认 ${HTML_PROJECTS_PAGE_SIZE}，最多 ${API_MAX_PAGE_SIZE}`,
    type: 'integer',
    minimum: 1,
    maximum: API_MAX_PAGE_SIZE,
    default: HTML_PROJECTS_PAGE_SIZE,
  })
  @IntegerField()
  @IsOptional()
  @IsInt({ message: 'pageSize（每页条数）应为正整数' })
  @Min(1, { message: 'pageSize（每页条数）应为正整数' })
  @Max(API_MAX_PAGE_SIZE, { message: 'pageSize（每页条数）不能超过 $constraint1' })
  pageSize?: number;
}

/** GET /api/donations: the campaign's received donations, as on 捐赠公示 (每页 50 条). */
export class DonationsApiQueryDto extends DonationListQueryDto {
  @ApiPropertyOptional({
    description: `项目 ID（见 /api/projects）：只列该项目收到的捐赠。每页 ${DONATIONS_PAGE_SIZE} 条`,
    type: 'integer',
  })
  @IsOptional()
  @RecordIdField('project（项目）应为项目 ID，见 /api/projects')
  project?: number;
}
