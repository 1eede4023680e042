import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IntegerField } from '../../common/validation';

/** Largest id a 32-bit integer column holds (PostgreSQL's integer). */
const MAX_ID = 2_147_483_647;

/** `?fair=ID`: a page or API answer for that fair rather than the current one. */
export class FairQueryDto {
  @ApiPropertyOptional({ description: '展销会 ID（见 /api/fairs）；不填为当前一届', type: 'integer', minimum: 1 })
  @IntegerField()
  @IsOptional()
  @IsInt({ message: 'fair（展销会）应为展销会 ID，见 /api/fairs' })
  @Min(1, { message: 'fair（展销会）应为展销会 ID，见 /api/fairs' })
  @Max(MAX_ID, { message: 'fair（展销会）应为展销会 ID，见 /api/fairs' })
  fair?: number;
}
