import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isIsoDate, parseDatetimeLocalCst } from './dates';

/** A real calendar date written YYYY-MM-DD. */
@ValidatorConstraint({ name: 'isCalendarDate' })
export class IsCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isIsoDate(value);
  }
}

/** A date and time as <input type="datetime-local"> sends it, read in China Standard Time. */
@ValidatorConstraint({ name: 'isCstDateTime' })
export class IsCstDateTime implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseDatetimeLocalCst(value) !== null;
  }
}
