import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AppError } from '../common/app-error';
import { IdParam } from '../common/id-param';
import { FairQueryDto } from '../fairs/dto/fair-query.dto';
import { FairsService } from '../fairs/fairs.service';
import { API_MAX_PAGE_SIZE, HTML_PAGE_SIZE } from './catalogue-filters';
import { CatalogueService, type CatalogueItem, type CataloguePage } from './catalogue.service';
import { CatalogueApiQueryDto } from './dto/catalogue-api-query.dto';
import { ApiErrorDto, CatalogueItemDto, CataloguePageDto, CountySummaryDto } from './dto/catalogue-responses.dto';

/**
 * The read-only JSON API over the public catalogue (published products only), documented at
 * /api/docs. Errors come back as JSON from the one exception filter: 400 for a bad
 * parameter, 404 for an unknown or unpublished product.
 */
@ApiTags('公开产品目录')
@Controller('api')
export class CatalogueApiController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly fairs: FairsService,
  ) {}

  @Get('counties')
  @ApiOperation({
    summary: '参展县区',
    description:
      '全部县区，按代码排序，含最少产品数和该届展销会的参展产品数（已发布且参展；每 10 秒更新一次）。默认当前一届，?fair=ID 为指定一届。',
  })
  @ApiOkResponse({ type: [CountySummaryDto] })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: '没有该届展销会' })
  async listCounties(@Query() query: FairQueryDto): Promise<CountySummaryDto[]> {
    const fair = await this.fairs.resolve(query.fair);
    const { counties } = await this.catalogue.publishedCounts(fair.id);
    return counties.map(({ code, name, minimumProducts, publishedProducts }) => ({ code, name, minimumProducts, publishedProducts }));
  }

  @Get('products')
  @ApiOperation({
    summary: '查询参展产品',
    description:
      '该届展销会的参展产品（已发布）：按县区、类别、价格区间（分）筛选，按关键词查找，排序并分页。每页默认 24 条，最多 100 条。默认当前一届，?fair=ID 为指定一届。',
  })
  @ApiOkResponse({ type: CataloguePageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: '参数有误（说明见 message 和 fieldErrors）' })
  async listProducts(@Query() query: CatalogueApiQueryDto): Promise<CataloguePage> {
    // A county code that names no county is a mistake the caller should hear about.
    if (query.county && !(await this.catalogue.findCountyByCode(query.county))) {
      throw AppError.validation({ county: [`county（县区代码）${query.county} 不存在`] }, `county（县区代码）${query.county} 不存在`);
    }
    const fair = await this.fairs.resolve(query.fair);
    const pageSize = Math.min(query.pageSize ?? HTML_PAGE_SIZE, API_MAX_PAGE_SIZE);
    return this.catalogue.search(query.toFilters(), query.page ?? 1, pageSize, { fairId: fair.id });
  }

  @Get('products/:id')
  @ApiOperation({ summary: '一个已发布产品' })
  @ApiParam({ name: 'id', description: '产品 ID', type: 'integer' })
  @ApiOkResponse({ type: CatalogueItemDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: '产品不存在或未发布' })
  getProduct(@IdParam() id: number): Promise<CatalogueItem> {
    return this.catalogue.findPublishedItemOrThrow(id);
  }
}
