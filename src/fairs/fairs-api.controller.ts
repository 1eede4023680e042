import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { FAIR_STATUSES, type FairStatus } from './fair-status';
import { FairsService } from './fairs.service';

export class FairSummaryDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: '宿州市2020年扶贫日消费扶贫展销会' })
  name: string;

  @ApiProperty({ example: '2020-10-17', description: '举办日期' })
  date: string;

  @ApiProperty({
    enum: FAIR_STATUSES,
    description: 'preparing 筹备中 · open 意向登记中 · closed 登记截止 · finished 已结束 · archived 已归档',
  })
  status: FairStatus;

  @ApiProperty({ description: '是否为当前展销会（只有一届）' })
  current: boolean;
}

/** The fairs, for tools that read several editions (?fair=ID on /api/counties and /api/products). */
@ApiTags('展销会')
@Controller('api')
export class FairsApiController {
  constructor(private readonly fairs: FairsService) {}

  @Get('fairs')
  @ApiOperation({ summary: '历届展销会', description: '全部展销会，最近的在前；current 为当前一届。' })
  @ApiOkResponse({ type: [FairSummaryDto] })
  async list(): Promise<FairSummaryDto[]> {
    return (await this.fairs.list()).map((f) => ({ id: f.id, name: f.name, date: f.date, status: f.status, current: f.current === true }));
  }
}
