import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { TrimmedText } from '../../../common/validation';
import { DONATION_TEXT_LIMITS as L } from '../../donation-limits';

/** 捐赠账户 as the organiser enters it for one office. */
export class AccountInputDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写户名' })
  @IsString({ message: '请填写户名' })
  @MaxLength(L.accountName, { message: '户名不能超过$constraint1个字' })
  accountName: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写开户行' })
  @IsString({ message: '请填写开户行' })
  @MaxLength(L.bankName, { message: '开户行不能超过$constraint1个字' })
  bankName: string;

  /** Digits, spaces and dashes as banks print them (6222 0213 …). */
  @TrimmedText()
  @IsNotEmpty({ message: '请填写账号' })
  @IsString({ message: '请填写账号' })
  @MaxLength(L.accountNo, { message: '账号不能超过$constraint1个字符' })
  accountNo: string;

  @IsOptional()
  @TrimmedText()
  @IsString({ message: '说明有误' })
  @MaxLength(L.accountNote, { message: '说明不能超过$constraint1个字' })
  note?: string;
}
