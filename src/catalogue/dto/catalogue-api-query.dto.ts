import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { IntegerField, TrimmedText } from '../../common/validation';
import { FairQueryDto } from '../../fairs/dto/fair-query.dto';
import { MAX_PRICE_FEN } from '../../products/dto/product-input.dto';
import { PRODUCT_CATEGORIES } from '../../products/product-options';
import { API_MAX_PAGE_SIZE, CATALOGUE_SORTS, MAX_PAGE, type CatalogueFilters, type CatalogueSort } from '../catalogue-filters';
import { MAX_SEARCH_LENGTH } from '../catalogue-search';

@ValidatorConstraint({ name: 'priceRange' })
class PriceRange implements ValidatorConstraintInterface {
  validate(maxPrice: unknown, args: ValidationArguments): boolean {
    const minPrice = (args.object as CatalogueApiQueryDto).minPrice;
    return typeof maxPrice !== 'number' || typeof minPrice !== 'number' || minPrice <= maxPrice;
  }
  defaultMessage(): string {
    return 'maxPrice（最高价）不能低于 minPrice（最低价）';
  }
}

/**
 * GET /api/products: the query parameters, checked strictly (a bad value is a 400 with a
 * Chinese message naming the parameter). Empty parameters count as absent; a repeated
 * parameter counts once (the first). Prices are integer fen, as everywhere in the API.
 */
export class CatalogueApiQueryDto extends FairQueryDto {
  @ApiPropertyOptional({ description: '县区代码（6 位行政区划代码）', example: '341321' })
  @TrimmedText()
  @IsOptional()
  @IsString({ message: 'county（县区代码）应为 6 位数字' })
  @Matches(/^\d{6}$/, { message: 'county（县区代码）应为 6 位数字，如 341321' })
  county?: string;

  @ApiPropertyOptional({ description: '产品类别', enum: PRODUCT_CATEGORIES })
  @TrimmedText()
  @IsOptional()
  @IsIn(PRODUCT_CATEGORIES as unknown as string[], { message: `category（产品类别）应为以下之一：${PRODUCT_CATEGORIES.join('、')}` })
  category?: string;

  @ApiPropertyOptional({
    description: `关键词：在产品名称、供货主体、产地和产品介绍中查找，任意中文片段均可（如“酥梨”可找到“砀山酥梨”）；空格分隔的多个词须同时出现。最多 ${MAX_SEARCH_LENGTH} 个字`,
    example: '酥梨',
    maxLength: MAX_SEARCH_LENGTH,
  })
  @TrimmedText()
  @IsOptional()
  @IsString({ message: 'q（关键词）应为文字' })
  @MaxLength(MAX_SEARCH_LENGTH, { message: `q（关键词）不能超过 ${MAX_SEARCH_LENGTH} 个字` })
  q?: string;

  @ApiPropertyOptional({ description: '最低参考单价（分，含）', type: 'integer', minimum: 0, example: 1000 })
  @IntegerField()
  @IsOptional()
  @IsInt({ message: 'minPrice（最低价）应为整数，单位为分' })
  @Min(0, { message: 'minPrice（最低价）不能为负数' })
  @Max(MAX_PRICE_FEN, { message: 'minPrice（最低价）不能超过 $constraint1 分' })
  minPrice?: number;

  @ApiPropertyOptional({ description: '最高参考单价（分，含），不能低于 minPrice', type: 'integer', minimum: 0, example: 5000 })
  @IntegerField()
  @IsOptional()
  @IsInt({ message: 'maxPrice（最高价）应为整数，单位为分' })
  @Min(0, { message: 'maxPrice（最高价）不能为负数' })
  @Max(MAX_PRICE_FEN, { message: 'maxPrice（最高价）不能超过 $constraint1 分' })
  @Validate(PriceRange)
  maxPrice?: number;

  @ApiPropertyOptional({
    description: '排序：newest 最新发布（默认），price_asc 价格从低到高，price_desc 价格从高到低',
    enum: CATALOGUE_SORTS,
    default: 'newest',
  })
  @TrimmedText()
  @IsOptional()
  @IsIn(CATALOGUE_SORTS as unknown as string[], { message: 'sort（排序）应为 newest、price_asc 或 price_desc' })
  sort?: CatalogueSort;

  @ApiPropertyOptional({ description: '页码，从 1 开始', type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IntegerField()
  @IsOptional()
  @IsInt({ message: 'page（页码）应为正整数' })
  @Min(1, { message: 'page（页码）应为正整数' })
  @Max(MAX_PAGE, { message: 'page（页码）不能超过 $constraint1' })
  page?: number;

  @ApiPropertyOptional({
    description: `每页条数，默认 24；超过 ${API_MAX_PAGE_SIZE} 按 ${API_MAX_PAGE_SIZE} 返回`,
    type: 'integer',
    minimum: 1,
    default: 24,
  })
  @IntegerField()
  @IsOptional()
  @IsInt({ message: 'pageSize（每页条数）应为正整数' })
  @Min(1, { message: 'pageSize（每页条数）应为正整数' })
  pageSize?: number;

  toFilters(): CatalogueFilters {
    return {
      countyCode: this.county,
      category: this.category,
      q: this.q,
      minPriceFen: this.minPrice,
      maxPriceFen: this.maxPrice,
      sort: this.sort ?? 'newest',
    };
  }
}
