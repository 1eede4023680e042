import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { creditCodeProblem } from './credit-code';

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
