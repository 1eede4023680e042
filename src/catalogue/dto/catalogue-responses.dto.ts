import { ApiProperty } from '@nestjs/swagger';
import { PRODUCT_CATEGORIES } from '../../products/product-options';

/**
 * The JSON API's response shapes, for the OpenAPI document. The controller returns the
 * service's plain objects, whose interfaces (CatalogueItem…) have exactly these fields.
 */
export class CountySummaryDto {
  @ApiProperty({ description: '县区代码（6 位行政区划代码）', example: '341321' })
  code: string;

  @ApiProperty({ description: '县区名称', example: '砀山县' })
  name: string;

  @ApiProperty({ description: '最少应发布的产品数', type: 'integer', example: 20 })
  minimumProducts: number;

  @ApiProperty({ description: '已发布的产品数', type: 'integer', example: 23 })
  publishedProducts: number;
}

export class ProductCountyDto {
  @ApiProperty({ description: '县区代码', example: '341321' })
  code: string;

  @ApiProperty({ description: '县区名称', example: '砀山县' })
  name: string;
}

export class CatalogueItemDto {
  @ApiProperty({ description: '产品 ID（用于 /api/products/{id} 和产品页 /products/{id}）', type: 'integer', example: 24 })
  id: number;

  @ApiProperty({ description: '县区内的产品编号', example: 'DS-001' })
  code: string;

  @ApiProperty({ description: '产品名称', example: '砀山酥梨（金盖酥）' })
  name: string;

  @ApiProperty({ description: '产品类别', enum: PRODUCT_CATEGORIES, example: '蔬菜水果' })
  category: string;

  @ApiProperty({ description: '规格', example: '5kg/箱' })
  spec: string;

  @ApiProperty({ description: '计量单位', example: '箱' })
  unit: string;

  @ApiProperty({ description: '参考单价，单位为分（整数）：3800 即 ¥38.00', type: 'integer', example: 3800 })
  priceFen: number;

  @ApiProperty({ description: '可供量（计量单位）', type: 'integer', example: 20000 })
  capacity: number;

  @ApiProperty({ description: '起订量（计量单位）', type: 'integer', example: 10 })
  minOrder: number;

  @ApiProperty({ description: '供货主体', example: '砀山县演示果业专业合作社' })
  supplier: string;

  @ApiProperty({ description: '产地（乡镇/村）', example: '砀山县良梨镇' })
  origin: string;

  @ApiProperty({
    description: '产品图片地址；没有图片时为 null',
    type: 'string',
    nullable: true,
    example: '/images/0123456789abcdef0123456789abcdef.jpg',
  })
  imageUrl: string | null;

  @ApiProperty({
    description: '缩略图地址（宽不超过 400 像素，用于列表）；没有图片时为 null',
    type: 'string',
    nullable: true,
    example: '/images/thumbs/0123456789abcdef0123456789abcdef.jpg',
  })
  thumbnailUrl: string | null;

  @ApiProperty({ description: '所属县区', type: ProductCountyDto })
  county: ProductCountyDto;
}

export class CataloguePageDto {
  @ApiProperty({ description: '本页产品', type: [CatalogueItemDto] })
  items: CatalogueItemDto[];

  @ApiProperty({ description: '符合条件的产品总数', type: 'integer', example: 57 })
  total: number;

  @ApiProperty({ description: '页码', type: 'integer', example: 1 })
  page: number;

  @ApiProperty({ description: '每页条数（不超过 100）', type: 'integer', example: 24 })
  pageSize: number;
}

export class ApiErrorDto {
  @ApiProperty({ description: 'HTTP 状态码', type: 'integer', example: 400 })
  statusCode: number;

  @ApiProperty({ description: '错误代码', example: 'VALIDATION' })
  error: string;

  @ApiProperty({ description: '说明（中文）', example: 'page（页码）应为正整数' })
  message: string;

  @ApiProperty({
    description: '参数错误时：参数名 → 说明',
    required: false,
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { page: ['page（页码）应为正整数'] },
  })
  fieldErrors?: Record<string, string[]>;
}
