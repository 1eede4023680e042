import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
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

/** C0 control characters except tab, line feed and carriage return: NUL and the like. */
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** Why a form value cannot be text a person typed, or null when it can. */
function formValueProblem(value: unknown): string | null {
  if (Array.isArray(value)) return value.map(formValueProblem).find((p) => p !== null) ?? null;
  if (typeof value === 'string') return CONTROL_CHARACTER.test(value) ? '含有无法识别的控制字符，请删除后重新输入' : null;
  return isPlainObject(value) ? '格式有误，应填写文字' : null;
}

/** Query values without control characters (a search or a filter is corrected, not refused). */
function withoutControlCharacters(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(CONTROL_CHARACTERS, '');
  if (Array.isArray(value)) return value.map(withoutControlCharacters);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutControlCharacters(v)]));
  return value;
}

/**
 * The global pipe: strips unknown fields, transforms to the DTO class, and turns failures
 * into one AppError that the filter shows beside each field.
 *
 * Before that, what no person types: control characters (NUL…), which PostgreSQL cannot
 * store and an Excel export cannot hold, and objects, which only a hand-made JSON body can
 * send where a form sends text. In a form they are refused beside the field, whether or not a
 * DTO describes it (several handlers read indexed fields such as qty[12] themselves); in a
 * query string (a search, a list filter) control characters are dropped instead.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      // Express 5 leaves req.body undefined when no parser took the request (text/plain…):
      // handlers that read the form as a record get an empty one, as for an empty form.
      if (value === undefined && !metadata.data) value = {};
      const fields: Record<string, unknown> = metadata.data ? { [metadata.data]: value } : isPlainObject(value) ? value : {};
      const errors: FieldErrors = {};
      for (const [field, v] of Object.entries(fields)) {
        const problem = formValueProblem(v);
        if (problem) errors[field] = [problem];
      }
      if (Object.keys(errors).length > 0) throw AppError.validation(errors);
    }
    if (metadata.type === 'query') value = withoutControlCharacters(value);
    return super.transform(value, metadata);
  }

  /**
   * Path and query values stay the strings they arrived as, whatever the handler's parameter
   * type: Nest would apply Number() to an `id: number`, which reads "0x10" as 16 and "00001" as
   * 1 before ParseIdPipe could see the spelling (src/common/id-param.ts has the one id rule).
   */
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' || metadata.type === 'query' ? value : super.transformPrimitive(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
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

/** Whitespace and invisible format characters (zero-width space, direction marks…) at either end. */
const EDGE_SPACE =
  /^[\s\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069]+|[\s\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069]+$/g;

/** Like String.trim(), and also drops invisible characters at the ends: text that shows nothing is empty. */
export function trimText(text: string): string {
  return text.replace(EDGE_SPACE, '');
}

/** Trims text; an empty field becomes undefined so @IsOptional() applies. */
export const TrimmedText = () =>
  Transform(({ value }) => {
    const v = single(value);
    if (typeof v !== 'string') return v;
    const t = trimText(v);
    return t === '' ? undefined : t;
  });

/** Parses an integer typed with full-width digits or grouping commas; keeps bad text as-is for the validator. */
export const IntegerField = () =>
  Transform(({ value }) => {
    const v = single(value);
    if (typeof v === 'number') return v;
    if (typeof v !== 'string') return v;
    const t = trimText(toHalfWidth(v)).replace(/,/g, '');
    if (t === '') return undefined;
    return /^-?\d{1,15}$/.test(t) ? Number(t) : v;
  });

/** "on"/"true"/"1" → true, anything else → false (an unchecked checkbox sends nothing). */
export const CheckboxField = () =>
  Transform(({ value }) => {
    const v = single(value);
    return v === true || v === 'on' || v === 'true' || v === '1';
  });
