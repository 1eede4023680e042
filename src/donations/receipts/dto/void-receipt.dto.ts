import { IsNotEmpty, MaxLength } from 'class-validator';
import { TrimmedText } from '../../../common/validation';
import { DONATION_TEXT_LIMITS as L } from '../../donation-limits';

/** 作废: the reason is required; it is printed on the voided receipt and kept in the audit log. */
export class VoidReceiptDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写作废原因' })
  @MaxLength(L.voidReason, { message: '作废原因不能超过$constraint1个字符' })
  reason: string;
}
