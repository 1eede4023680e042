import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { ACCOUNT_TEXT_LIMITS } from '../../auth/account-limits';
import { formUsername } from '../../auth/username';
import { CreditCodeField } from '../../common/credit-code.validator';
import { normaliseMobile } from '../../common/phone';
import { CheckboxField, TrimmedText } from '../../common/validation';
import { BUYER_UNIT_TEXT_LIMITS } from '../buyer-unit-limits';
import { BUYER_UNIT_TYPES, type BuyerUnitType } from '../buyer-unit-types';

/** Form fields may arrive duplicated (?a=1&a=2): keep the first. */
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

@ValidatorConstraint({ name: 'passwordNotUsername' })
class PasswordNotUsername implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const username = (args.object as RegisterBuyerDto).username;
    return typeof value !== 'string' || typeof username !== 'string' || value.toLowerCase() !== username.toLowerCase();
  }
  defaultMessage(): string {
    return '密码不能与用户名相同';
  }
}

@ValidatorConstraint({ name: 'matchesPassword' })
class MatchesPassword implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return value === (args.object as RegisterBuyerDto).password;
  }
  defaultMessage(): string {
    return '两次输入的密码不一致';
  }
}

/**
 * A buyer unit's self-registration (采购单位注册): the unit and its first account.
 * Messages name each field as the form labels it. The password fields are called
 * password/passwordConfirm so that the exception filter never echoes them into the form.
 */
export class RegisterBuyerDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写单位名称' })
  @IsString({ message: '请填写单位名称' })
  @MaxLength(BUYER_UNIT_TEXT_LIMITS.name, { message: '单位名称不能超过$constraint1个字符' })
  name: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请选择单位类型' })
  @IsIn(BUYER_UNIT_TYPES as unknown as string[], { message: `单位类型应为以下之一：${BUYER_UNIT_TYPES.join('、')}` })
  type: BuyerUnitType;

  @CreditCodeField()
  creditCode: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写联系人' })
  @IsString({ message: '请填写联系人' })
  @MaxLength(BUYER_UNIT_TEXT_LIMITS.contactName, { message: '联系人不能超过$constraint1个字符' })
  contactName: string;

  /** Stored as the bare 11 digits; what cannot be read as a mobile number stays as typed for the message. */
  @Transform(({ value }) => {
    const v = first(value);
    if (typeof v !== 'string') return v;
    const t = v.trim();
    return t === '' ? undefined : (normaliseMobile(t) ?? t);
  })
  @IsNotEmpty({ message: '请填写11位手机号码' })
  @Matches(/^1[3-9]\d{9}$/, { message: '请填写11位手机号码' })
  mobile: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写单位地址' })
  @IsString({ message: '请填写单位地址' })
  @MaxLength(BUYER_UNIT_TEXT_LIMITS.address, { message: '单位地址不能超过$constraint1个字符' })
  address: string;

  /** 在公示名单中匿名显示: an unchecked box sends nothing. */
  @CheckboxField()
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  /** Canonical (auth/username.ts): lower case, so "Wang" and "wang" are one name, as at log-in. */
  @Transform(({ value }) => {
    const name = formUsername(value);
    return name === '' ? undefined : name;
  })
  @IsNotEmpty({ message: '请设置用户名' })
  @IsString({ message: '请设置用户名' })
  @Length(3, ACCOUNT_TEXT_LIMITS.username, { message: '用户名应为$constraint1至$constraint2个字符' })
  @Matches(/^[a-z0-9._-]+$/, { message: '用户名只能包含英文字母、数字和 . _ - 符号' })
  username: string;

  /** Not trimmed: a password is used exactly as typed. */
  @Transform(({ value }) => first(value))
  @IsNotEmpty({ message: '请设置密码' })
  @IsString({ message: '请设置密码' })
  @MinLength(8, { message: '密码至少需要$constraint1个字符' })
  @MaxLength(ACCOUNT_TEXT_LIMITS.password, { message: '密码不能超过$constraint1个字符' })
  @Validate(PasswordNotUsername)
  password: string;

  @Transform(({ value }) => first(value))
  @IsNotEmpty({ message: '请再次输入密码' })
  @Validate(MatchesPassword)
  passwordConfirm: string;
}
