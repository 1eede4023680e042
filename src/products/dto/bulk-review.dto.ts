import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import { parseRecordId } from '../../common/id-param';
import { TrimmedText } from '../../common/validation';
import { MAX_BULK_REVIEW } from '../product-review.service';

/** The review queue's bulk form: the ticked products, the decision, and the reason when returning. */
export class BulkReviewDto {
  // Ticked boxes arrive as one value or several; none at all sends nothing.
  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? [] : [value].flat()))
  @ArrayNotEmpty({ message: '请至少勾选一个产品' })
  @ArrayMaxSize(MAX_BULK_REVIEW, { message: '一次最多审核$constraint1个产品，请分批操作' })
  @ValidateBy(
    { name: 'recordIds', validator: { validate: (v) => Array.isArray(v) && v.every((x) => parseRecordId(x) !== null) } },
    { message: '所选产品的编号无效，请刷新页面后重新勾选' },
  )
  ids: string[];

  @IsIn(['approve', 'return'], { message: '请选择“批量通过”或“批量退回”' })
  decision: 'approve' | 'return';

  @ValidateIf((o: BulkReviewDto) => o.decision === 'return')
  @TrimmedText()
  @IsNotEmpty({ message: '批量退回时请填写退回原因，县区会看到它' })
  @IsString({ message: '批量退回时请填写退回原因，县区会看到它' })
  @MaxLength(500, { message: '退回原因不能超过$constraint1个字符' })
  reason?: string;

  /** Set by the confirmation page's button: the return is carried out only then. */
  @IsOptional()
  @IsIn(['1'], { message: '请在确认页面上确认退回' })
  confirmed?: string;
}

/** The ticked ids as numbers, each once, in the order ticked (the DTO has checked each). */
export const bulkIds = (dto: BulkReviewDto): number[] => [...new Set(dto.ids.map((id) => parseRecordId(id)!))];
