import { Injectable, Param, PipeTransform } from '@nestjs/common';
import { AppError } from './app-error';

/** Route ids are positive 32-bit integers; anything else names no record (404). */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2_147_483_647) throw AppError.notFound();
    return Number(value);
  }
}

/** @IdParam() id: number — the `:id` route parameter, validated. */
export const IdParam = (name = 'id') => Param(name, ParseIdPipe);
