import { Transform } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsString,
  MaxLength,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { BUYER_UNIT_TEXT_LIMITS } from '../../buyers/buyer-unit-limits';
import { BUYER_UNIT_TYPES, type BuyerUnitType } from '../../buyers/buyer-unit-types';
import { CreditCodeField } from '../../common/credit-code.validator';
import { parseYuanToFen, toHalfWidth } from '../../common/money';
import { TrimmedText } from '../../common/validation';
import { MAX_TARGET_FEN, MAX_TARGET_LABEL } from '../target-limits';

/** The labels of the form and the import's headings, in the sheet's order. */
export const TARGET_FIELD_LABELS = {
  unitName: '单位名称',
  creditCode: '统一社会信用代码',
  unitType: '单位类型',
  amount: '目标金额（元）',
} as const;

/** What a target's amount typed in yuan is wrong by, in words the organiser fixes it with. */
@ValidatorConstraint({ name: 'isTargetAmount' })
class IsTargetAmount implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && targetFen(value) !== null;
  }
  defaultMessage(args: ValidationArguments): string {
    const text = toHalfWidth(String(args.value ?? ''))
      .trim()
      .replace(/[,，\s]/g, '')
      .replace(/^[¥￥]/, '');
    if (/^-/.test(text)) return '目标金额不能为负数';
    if (/^\d+(\.\d+)?$/.test(text) && Number(text) === 0) return '目标金额应大于 0 元';
    if (/^\d+\.\d{3,}$/.test(text)) return '目标金额最多两位小数（精确到分）';
    if (/^\d+(\.\d{1,2})?$/.test(text)) return `目标金额不能超过 ${MAX_TARGET_LABEL}`;
    return '目标金额应为数字（元），如 50000 或 12500.50';
  }
}

/** Yuan as typed → fen when it is a target the app accepts (> 0, at most 2 decimals, ≤ the ceiling), else null. */
export function targetFen(yuan: string): number | null {
  const fen = parseYuanToFen(yuan);
  return fen !== null && fen > 0 && fen <= MAX_TARGET_FEN ? fen : null;
}

/** Form fields may arrive duplicated: keep the first; spreadsheet numbers arrive as text already. */
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** One target, as the form and each row of the import sheet give it; the messages are shared by both. */
export class TargetInputDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写单位名称' })
  @IsString({ message: '请填写单位名称' })
  @MaxLength(BUYER_UNIT_TEXT_LIMITS.name, { message: '单位名称不能超过$constraint1个字符' })
  unitName: string;

  @CreditCodeField()
  creditCode: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请选择单位类型' })
  @IsIn(BUYER_UNIT_TYPES as unknown as string[], { message: `单位类型应为以下之一：${BUYER_UNIT_TYPES.join('、')}` })
  unitType: BuyerUnitType;

  /** Yuan as typed ("50000", "12,500.50"); stored as fen. */
  @Transform(({ value }) => {
    const v = first(value);
    return typeof v === 'number' ? String(v) : v;
  })
  @TrimmedText()
  @IsNotEmpty({ message: '请填写目标金额（元）' })
  @Validate(IsTargetAmount)
  amount: string;
}

/** A valid target's values, as stored. */
export interface TargetValues {
  unitName: string;
  creditCode: string;
  unitType: BuyerUnitType;
  targetFen: number;
}

export function targetValuesFrom(dto: TargetInputDto): TargetValues {
  return { unitName: dto.unitName, creditCode: dto.creditCode, unitType: dto.unitType, targetFen: targetFen(dto.amount)! };
}
