import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { AppError, type FieldErrors } from './app-error';
import { toHalfWidth } from './money';

/** Flattens class-validator's tree into field → messages (nested fields as a.b). */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const key = prefix ? `${prefix}.${e.property}` : e.property;
    // class-validator runs decorators bottom-up; reversed, the first message is the one
    // declared first (topmost), which DTOs use for the most basic rule ("请填写…").
    if (e.constraints) out[key] = Object.values(e.constraints).reverse();
    if (e.children?.length) Object.assign(out, toFieldErrors(e.children, key));
  }
  return out;
}

/**
 * The global pipe: strips unknown fields, transforms to the DTO class, and turns failures
 * into one AppError that the filter shows beside each field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppError.validation(toFieldErrors(errors)),
  });
}

/** Form fields arrive as strings and may be duplicated (?a=1&a=2): keep the first. */
function single(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** Trims text; an empty field becomes undefined so @IsOptional() applies. */
export const TrimmedText = () =>
  Transform(({ value }) => {
    const v = single(value);
    if (typeof v !== 'string') return v;
    const t = v.trim();
    return t === '' ? undefined : t;
  });

/** Parses an integer typed with full-width digits or grouping commas; keeps bad text as-is for the validator. */
export const IntegerField = () =>
  Transform(({ value }) => {
    const v = single(value);
    if (typeof v === 'number') return v;
    if (typeof v !== 'string') return v;
    const t = toHalfWidth(v).trim().replace(/,/g, '');
    if (t === '') return undefined;
    return /^-?\d{1,15}$/.test(t) ? Number(t) : v;
  });

/** "on"/"true"/"1" → true, anything else → false (an unchecked checkbox sends nothing). */
export const CheckboxField = () =>
  Transform(({ value }) => {
    const v = single(value);
    return v === true || v === 'on' || v === 'true' || v === '1';
  });
