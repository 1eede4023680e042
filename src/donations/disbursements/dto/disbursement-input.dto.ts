import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { IsCalendarDate } from '../../../common/date-validators';
import { isoDateCst } from '../../../common/dates';
import { TrimmedText } from '../../../common/validation';
import { DONATION_TEXT_LIMITS as L } from '../../donation-limits';
import { donationFen, IsDonationAmount } from '../../donation-amount';

/** A payment date that has happened: today in China or earlier (a date still to come is a typing slip). */
@ValidatorConstraint({ name: 'isNotInFuture' })
class IsNotInFuture implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value <= isoDateCst(new Date());
  }
}

/** Form fields may arrive duplicated: keep the first. */
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** 资金使用: one payment out of a project's received donations, as the county's form sends it. */
export class DisbursementInputDto {
  /** Yuan as typed ("5000", "1,250.50"); stored as fen. */
  @Transform(({ value }) => first(value))
  @TrimmedText()
  @IsNotEmpty({ message: '请填写支付金额（元）' })
  @Validate(IsDonationAmount, ['支付金额'])
  amount: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写支付日期' })
  @Validate(IsCalendarDate, { message: '支付日期应为有效日期，如 2020-10-17' })
  @Validate(IsNotInFuture, { message: '支付日期不能晚于今天' })
  paidOn: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写收款方' })
  @IsString({ message: '请填写收款方' })
  @MaxLength(L.payee, { message: '收款方不能超过$constraint1个字符' })
  payee: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写用途' })
  @IsString({ message: '请填写用途' })
  @MaxLength(L.purpose, { message: '用途不能超过$constraint1个字符' })
  purpose: string;
}

/** What the service records, the amount in fen. */
export interface DisbursementValues {
  amountFen: number;
  paidOn: string;
  payee: string;
  purpose: string;
}

export const disbursementValuesFrom = (dto: DisbursementInputDto): DisbursementValues => ({
  amountFen: donationFen(dto.amount)!,
  paidOn: dto.paidOn,
  payee: dto.payee,
  purpose: dto.purpose,
});
