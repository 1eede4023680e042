import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNotEmpty, Validate, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { creditCodeProblem, normaliseCreditCode } from './credit-code';

/**
 * @Validate(IsCreditCode) on a field already normalised with normaliseCreditCode(): the
 * message tells a wrong shape (a typo, a missing character) from a wrong check character
 * (a misread character), because the user fixes them differently.
 */
@ValidatorConstraint({ name: 'isCreditCode' })
export class IsCreditCode implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && creditCodeProblem(value) === null;
  }
  defaultMessage(args: ValidationArguments): string {
    const v = typeof args.value === 'string' ? args.value : '';
    return creditCodeProblem(v) === 'check'
      ? '统一社会信用代码校验位不正确，请核对后重新输入'
      : '统一社会信用代码应为18位数字或大写字母（不含 I、O、S、V、Z）';
  }
}

/**
 * A form or sheet field holding a 统一社会信用代码: the first of a duplicated field, upper-cased
 * with spaces and full-width characters removed (as codes are pasted from certificates), then
 * required and checked. One rule for registration, targets and anything else that takes one.
 */
export const CreditCodeField = () =>
  // Listed in the order a stack of decorators on the field is applied (bottom first), so the
  // messages come out as on any other field: 请填写 before the code's own problem.
  applyDecorators(
    Validate(IsCreditCode),
    IsNotEmpty({ message: '请填写统一社会信用代码' }),
    Transform(({ value }) => {
      const v = Array.isArray(value) ? value[0] : value;
      return typeof v === 'string' ? normaliseCreditCode(v) || undefined : v;
    }),
  );
