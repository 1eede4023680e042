import { Transform } from 'class-transformer';
import { IsArray, IsInt, IsOptional } from 'class-validator';
import { parseRecordId } from '../../common/id-param';

/** The checked boxes of the listing form: one `productIds` field per product; none checked sends none. */
export class UpdateListingDto {
  // One id has one spelling (parseRecordId): anything else, or an id no integer column holds, stays text and is refused.
  @Transform(({ value }) => [value as unknown].flat().map((v) => parseRecordId(v) ?? v))
  @IsOptional()
  @IsArray({ message: '参展产品应为产品 ID，请刷新页面后重试' })
  @IsInt({ each: true, message: '参展产品应为产品 ID，请刷新页面后重试' })
  productIds?: number[];
}
