import { applyDecorators, Injectable, Param, PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { AppError } from './app-error';
import { trimText } from './validation';

/** Ids are `integer` columns on both engines: PostgreSQL refuses anything above this (a 500, were it sent). */
export const MAX_RECORD_ID = 2_147_483_647;

/**
 * THE rule for a record id wherever one arrives (path, query, form field, a field's name such
 * as qty[12]): decimal digits without a leading zero, 1 to 2,147,483,647. Not "00001", "0x10",
 * "1e3", "+1", " 1" or "1.0", though Number() reads them all: one id has one spelling, and a
 * value the database cannot hold never reaches it. Anything else is null: it names no record.
 */
export function parseRecordId(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[1-9]\d{0,9}$/.test(text)) return null;
  const id = Number(text);
  return id <= MAX_RECORD_ID ? id : null;
}

/** Route ids: anything but a record id names no record (404). */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const id = parseRecordId(value);
    if (id === null) throw AppError.notFound();
    return id;
  }
}

/** @IdParam() id: number — the `:id` route parameter, validated. */
export const IdParam = (name = 'id') => Param(name, ParseIdPipe);

/**
 * A form field holding a record id (a hidden productId…), by the same rule: the first of a
 * duplicated field; empty (or only invisible characters) counts as absent, so @IsOptional()
 * applies; anything else that is not an id is refused beside the field with `message`.
 */
export const RecordIdField = (message: string) =>
  applyDecorators(
    Transform(({ value }) => {
      const v: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof v === 'string' && trimText(v) === '') return undefined;
      return parseRecordId(v) ?? v;
    }),
    ValidateBy({ name: 'isRecordId', validator: { validate: (v) => typeof v === 'number' && parseRecordId(v) === v } }, { message }),
  );
