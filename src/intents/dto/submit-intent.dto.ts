import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Validate } from 'class-validator';
import { Transform } from 'class-transformer';
import { IsCalendarDate } from '../../common/date-validators';
import { normaliseMobile } from '../../common/phone';
import { TrimmedText } from '../../common/validation';
import { INTENT_TEXT_LIMITS } from '../intent-limits';

export class SubmitIntentDto {
  /** Generated into the form when it is shown; the database keeps it unique. */
  @IsString({ message: '表单已失效，请返回意向清单重新提交' })
  @Matches(/^[0-9a-f-]{36}$/, { message: '表单已失效，请返回意向清单重新提交' })
  idempotencyKey: string;

  @TrimmedText()
  @IsOptional()
  @Validate(IsCalendarDate, { message: '期望交货日期格式应为 2020-10-30' })
  desiredDeliveryDate?: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写联系人' })
  @IsString({ message: '请填写联系人' })
  @MaxLength(INTENT_TEXT_LIMITS.contactName, { message: '联系人不能超过$constraint1个字符' })
  contactName: string;

  /** Mobile or landline as the contact gives it; a mobile is normalised to 11 digits. */
  @Transform(({ value }) => (typeof value === 'string' ? (normaliseMobile(value) ?? value.trim()) : value))
  @IsNotEmpty({ message: '请填写联系电话' })
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, { message: '联系电话应为11位手机号码或带区号的固定电话，如 0557-1234567' })
  contactPhone: string;

  @TrimmedText()
  @IsOptional()
  @IsString({ message: '备注应为文字' })
  @MaxLength(INTENT_TEXT_LIMITS.note, { message: '备注不能超过$constraint1个字符' })
  note?: string;
}
