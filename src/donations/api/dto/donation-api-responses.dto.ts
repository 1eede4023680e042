import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_KINDS } from '../../project-kinds';
import { PUBLIC_PROJECT_STATUSES } from '../../project-status';

/** The API's 认领认捐 response shapes, for the OpenAPI document (the controller builds exactly these fields). */
export class ProjectCountyDto {
  @ApiProperty({ description: '县区代码', example: '341321' })
  code: string;

  @ApiProperty({ description: '县区名称', example: '砀山县' })
  name: string;
}

export class ProjectItemDto {
  @ApiProperty({ description: '项目 ID（项目页为 /projects/{id}）', type: 'integer', example: 7 })
  id: number;

  @ApiProperty({ description: '项目名称', example: '良梨镇梨园节水灌溉' })
  title: string;

  @ApiProperty({ description: '项目类别', enum: PROJECT_KINDS, example: 'industry' })
  kind: string;

  @ApiProperty({ description: '所属县区', type: ProjectCountyDto })
  county: ProjectCountyDto;

  @ApiProperty({
    description: '所需金额（分）；物资类项目只列所需物资时为 null',
    type: 'integer',
    nullable: true,
    example: 10_000_000,
  })
  soughtFen: number | null;

  @ApiProperty({ description: '认捐金额（分）：尚未取消的认捐承诺，不是到账金额', type: 'integer', example: 3_000_000 })
  pledgedFen: number;

  @ApiProperty({ description: '到账金额（分）：已开具捐赠票据且未作废的捐款，只有它计为已捐赠', type: 'integer', example: 2_000_000 })
  receivedFen: number;

  @ApiProperty({ description: '已使用金额（分）', type: 'integer', example: 500_000 })
  disbursedFen: number;

  @ApiProperty({ description: '项目状态', enum: PUBLIC_PROJECT_STATUSES, example: 'published' })
  status: string;

  @ApiProperty({ description: '截止日期（YYYY-MM-DD）', example: '2020-12-31' })
  deadline: string;
}

export class ProjectPageDto {
  @ApiProperty({ type: [ProjectItemDto] })
  items: ProjectItemDto[];

  @ApiProperty({ description: '符合条件的项目总数', type: 'integer', example: 12 })
  total: number;

  @ApiProperty({ description: '页码', type: 'integer', example: 1 })
  page: number;

  @ApiProperty({ description: '每页条数', type: 'integer', example: 12 })
  pageSize: number;
}

export class DonationItemDto {
  @ApiProperty({ description: '项目 ID；捐给县区或市统筹资金（不定向）时为 null', type: 'integer', nullable: true, example: 7 })
  projectId: number | null;

  @ApiProperty({ description: '捐赠人；选择匿名的为“匿名”', example: '匿名' })
  donor: string;

  @ApiProperty({ description: '到账金额（分）', type: 'integer', example: 50_000 })
  amountFen: number;

  @ApiProperty({ description: '到账日期（YYYY-MM-DD）', example: '2020-10-17' })
  receivedOn: string;

  @ApiProperty({ description: '捐赠票据号', example: 'JZ-341321-0001' })
  receiptNo: string;
}

export class DonationPageDto {
  @ApiProperty({ type: [DonationItemDto] })
  items: DonationItemDto[];

  @ApiProperty({ description: '符合条件的捐赠笔数', type: 'integer', example: 30 })
  total: number;

  @ApiProperty({ description: '页码', type: 'integer', example: 1 })
  page: number;

  @ApiProperty({ description: '每页条数', type: 'integer', example: 50 })
  pageSize: number;
}
