import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { Transform } from 'class-transformer';
import { normaliseCreditCode } from '../../common/credit-code';
import { IsCreditCode } from '../../common/credit-code.validator';
import { parseYuanToFen } from '../../common/money';
import { IntegerField, TrimmedText } from '../../common/validation';
import { PRODUCT_CATEGORIES, PRODUCT_UNITS } from '../product-options';
import { PRODUCT_TEXT_LIMITS } from '../product-limits';

/** Highest reference price accepted: 1,000,000 元 (a typo guard, not a business rule). */
export const MAX_PRICE_FEN = 100_000_000;
export const MAX_QUANTITY = 100_000_000;

@ValidatorConstraint({ name: 'isYuanAmount' })
class IsYuanAmount implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const fen = parseYuanToFen(value);
    return fen !== null && fen > 0 && fen <= MAX_PRICE_FEN;
  }
  defaultMessage(): string {
    return '参考单价应为大于 0 的金额（元），最多两位小数，如 58 或 12.50';
  }
}

@ValidatorConstraint({ name: 'minOrderWithinCapacity' })
class MinOrderWithinCapacity implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const capacity = (args.object as ProductInputDto).capacity;
    return typeof value !== 'number' || typeof capacity !== 'number' || value <= capacity;
  }
  defaultMessage(): string {
    return '起订量不能大于可供量';
  }
}

/**
 * Every editable field of a product, with the rules and the Chinese messages shared by the
 * county's form and the Excel import (which shows the same message for a bad cell).
 * Values arrive as text (form fields, spreadsheet cells) and are coerced here.
 */
export class ProductInputDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写产品编号' })
  @IsString({ message: '请填写产品编号' })
  @MaxLength(PRODUCT_TEXT_LIMITS.code, { message: '产品编号不能超过$constraint1个字符' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: '产品编号只能包含字母、数字、横线和下划线' })
  code: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写产品名称' })
  @IsString({ message: '请填写产品名称' })
  @MaxLength(PRODUCT_TEXT_LIMITS.name, { message: '产品名称不能超过$constraint1个字符' })
  name: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请选择产品类别' })
  @IsIn(PRODUCT_CATEGORIES as unknown as string[], { message: `产品类别应为以下之一：${PRODUCT_CATEGORIES.join('、')}` })
  category: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写规格，如 5kg/箱' })
  @IsString({ message: '请填写规格，如 5kg/箱' })
  @MaxLength(PRODUCT_TEXT_LIMITS.spec, { message: '规格不能超过$constraint1个字符' })
  spec: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请选择计量单位' })
  @IsIn(PRODUCT_UNITS as unknown as string[], { message: `计量单位应为以下之一：${PRODUCT_UNITS.join('、')}` })
  unit: string;

  /** Yuan as typed ("58", "12.50"); stored as fen. */
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : Array.isArray(value) ? value[0] : value))
  @TrimmedText()
  @IsNotEmpty({ message: '请填写参考单价' })
  @Validate(IsYuanAmount)
  price: string;

  @IntegerField()
  @IsNotEmpty({ message: '请填写可供量' })
  @IsInt({ message: '可供量应为整数' })
  @Min(1, { message: '可供量至少为$constraint1' })
  @Max(MAX_QUANTITY, { message: '可供量不能超过$constraint1' })
  capacity: number;

  @IntegerField()
  @IsNotEmpty({ message: '请填写起订量' })
  @IsInt({ message: '起订量应为整数' })
  @Min(1, { message: '起订量至少为$constraint1' })
  @Validate(MinOrderWithinCapacity)
  minOrder: number;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写供货主体' })
  @IsString({ message: '请填写供货主体' })
  @MaxLength(PRODUCT_TEXT_LIMITS.supplierName, { message: '供货主体不能超过$constraint1个字符' })
  supplierName: string;

  @Transform(({ value }) => (typeof value === 'string' ? normaliseCreditCode(value) || undefined : value))
  @IsNotEmpty({ message: '请填写供货主体的统一社会信用代码' })
  @Validate(IsCreditCode)
  supplierCreditCode: string;

  @TrimmedText()
  @IsOptional()
  @IsString({ message: '扶贫产品认定编号应为文字' })
  @MaxLength(PRODUCT_TEXT_LIMITS.certificateNo, { message: '扶贫产品认定编号不能超过$constraint1个字符' })
  certificateNo?: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写产地（乡镇/村）' })
  @IsString({ message: '请填写产地（乡镇/村）' })
  @MaxLength(PRODUCT_TEXT_LIMITS.origin, { message: '产地不能超过$constraint1个字符' })
  origin: string;

  @IntegerField()
  @IsOptional()
  @IsInt({ message: '带贫户数应为整数' })
  @Min(0, { message: '带贫户数不能为负数' })
  @Max(1_000_000, { message: '带贫户数不能超过$constraint1' })
  povertyHouseholds?: number;

  @TrimmedText()
  @IsOptional()
  @IsString({ message: '产品介绍应为文字' })
  @MaxLength(PRODUCT_TEXT_LIMITS.description, { message: '产品介绍不能超过$constraint1个字符' })
  description?: string;
}

/** Form labels, also the Excel template's column headings, in display order. */
export const PRODUCT_FIELD_LABELS: Record<keyof ProductInputDto, string> = {
  code: '产品编号',
  name: '产品名称',
  category: '产品类别',
  spec: '规格',
  unit: '计量单位',
  price: '参考单价（元）',
  capacity: '可供量',
  minOrder: '起订量',
  supplierName: '供货主体',
  supplierCreditCode: '供货主体统一社会信用代码',
  certificateNo: '扶贫产品认定编号',
  origin: '产地（乡镇/村）',
  povertyHouseholds: '带贫户数',
  description: '产品介绍',
};

/** The columns a product record gets from a validated input. */
export function productValuesFrom(dto: ProductInputDto) {
  return {
    code: dto.code,
    name: dto.name,
    category: dto.category,
    spec: dto.spec,
    unit: dto.unit,
    priceFen: parseYuanToFen(dto.price)!,
    capacity: dto.capacity,
    minOrder: dto.minOrder,
    supplierName: dto.supplierName,
    supplierCreditCode: dto.supplierCreditCode,
    certificateNo: dto.certificateNo ?? null,
    origin: dto.origin,
    povertyHouseholds: dto.povertyHouseholds ?? null,
    description: dto.description ?? '',
  };
}
export type ProductValues = ReturnType<typeof productValuesFrom>;
