import { Transform } from 'class-transformer';
import {
  IsBoolean,
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
  ValidateIf,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { IsCalendarDate } from '../../../common/date-validators';
import { isoDateCst } from '../../../common/dates';
import { normaliseMobile } from '../../../common/phone';
import { CheckboxField, IntegerField, TrimmedText, trimText } from '../../../common/validation';
import { CLAIM_MODES, type ClaimMode } from '../../donation-project.entity';
import { donationFen } from '../../donation-amount';
import { DONATION_TEXT_LIMITS as L, MAX_DONATION_FEN } from '../../donation-limits';
import { PROJECT_KIND_LABELS, PROJECT_KINDS, type ProjectKind } from '../../project-kinds';

/** At most this many beneficiaries (a typing guard: a county has fewer people). */
export const MAX_BENEFICIARIES = 10_000_000;

/** The campaign's amount rule (donation-amount.ts), with one message for the sought amount. */
@ValidatorConstraint({ name: 'isSoughtAmount' })
class IsSoughtAmount implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return donationFen(value) !== null;
  }
  defaultMessage(): string {
    return `所需金额应为大于 0 的金额（元），最多两位小数，不超过 ${(MAX_DONATION_FEN / 100).toLocaleString('en-US')} 元`;
  }
}

@ValidatorConstraint({ name: 'notInThePast' })
class NotInThePast implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    // Compared as text: both are YYYY-MM-DD, and "today" is China's calendar day.
    return typeof value === 'string' && value >= isoDateCst();
  }
  defaultMessage(): string {
    return '截止日期不能早于今天';
  }
}

/** Text a form sends; a number sent by hand is read as its text. */
const asText = () => Transform(({ value }) => (typeof value === 'number' ? String(value) : Array.isArray(value) ? value[0] : value));

/**
 * What the county may still correct on a published project (see project-rules.ts): the
 * description, the contact and the deadline. Also the part of the full form they share.
 */
export class ProjectCorrectionDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写项目说明' })
  @IsString({ message: '请填写项目说明' })
  @MaxLength(L.description, { message: '项目说明不能超过$constraint1个字符' })
  description: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写联系单位' })
  @IsString({ message: '请填写联系单位' })
  @MaxLength(L.contactOffice, { message: '联系单位不能超过$constraint1个字符' })
  contactOffice: string;

  /** An office line (0557-1234567) or a mobile; public on the project page. */
  @Transform(({ value }) => {
    const v: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof v !== 'string') return v;
    const text = trimText(v);
    return text === '' ? undefined : (normaliseMobile(text) ?? text);
  })
  @IsOptional()
  @IsString({ message: '联系电话应为文字' })
  @MaxLength(L.contactPhone, { message: '联系电话不能超过$constraint1个字符' })
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, { message: '联系电话应为带区号的固定电话（如 0557-1234567）或11位手机号码' })
  contactPhone?: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写截止日期' })
  @Validate(IsCalendarDate, { message: '截止日期格式应为 2020-10-30' })
  @Validate(NotInThePast)
  deadline: string;
}

/** Every field of a project the county fills in, with the Chinese messages. Values arrive as text. */
export class ProjectInputDto extends ProjectCorrectionDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写项目名称' })
  @IsString({ message: '请填写项目名称' })
  @MaxLength(L.title, { message: '项目名称不能超过$constraint1个字符' })
  title: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请选择项目类别' })
  @IsIn(PROJECT_KINDS as unknown as string[], { message: `项目类别应为以下之一：${Object.values(PROJECT_KIND_LABELS).join('、')}` })
  kind: ProjectKind;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写所在乡镇' })
  @IsString({ message: '请填写所在乡镇' })
  @MaxLength(L.township, { message: '乡镇不能超过$constraint1个字符' })
  township: string;

  @TrimmedText()
  @IsOptional()
  @IsString({ message: '村应为文字' })
  @MaxLength(L.village, { message: '村不能超过$constraint1个字符' })
  village?: string;

  /** Yuan as typed ("50000", "1,234.50"); stored as fen. Optional for a goods project. */
  @asText()
  @TrimmedText()
  @ValidateIf((o: ProjectInputDto) => o.kind !== 'goods' || o.amount !== undefined)
  @IsNotEmpty({ message: '请填写所需金额（物资类项目可只填所需物资）' })
  @Validate(IsSoughtAmount)
  amount?: string;

  @TrimmedText()
  @ValidateIf((o: ProjectInputDto) => o.kind === 'goods' || o.goodsSought !== undefined)
  @IsNotEmpty({ message: '物资类项目请填写所需物资及数量' })
  @IsString({ message: '所需物资应为文字' })
  @MaxLength(L.goodsSought, { message: '所需物资不能超过$constraint1个字符' })
  goodsSought?: string;

  @IntegerField()
  @IsOptional()
  @IsInt({ message: '受益户数应为整数' })
  @Min(0, { message: '受益户数不能为负数' })
  @Max(MAX_BENEFICIARIES, { message: '受益户数不能超过$constraint1' })
  beneficiaryHouseholds?: number;

  @IntegerField()
  @IsOptional()
  @IsInt({ message: '受益人数应为整数' })
  @Min(0, { message: '受益人数不能为负数' })
  @Max(MAX_BENEFICIARIES, { message: '受益人数不能超过$constraint1' })
  beneficiaryPeople?: number;

  @TrimmedText()
  @IsNotEmpty({ message: '请选择认领方式' })
  @IsIn(CLAIM_MODES as unknown as string[], { message: '认领方式应为“整体认领”或“分份认捐”' })
  claimMode: ClaimMode;

  // An unticked box is not sent at all (false). @IsBoolean() also keeps the field through the
  // pipe's whitelist, which drops a field without a rule.
  @CheckboxField()
  @IsOptional()
  @IsBoolean({ message: '“可使用不定向捐款”应为勾选或不勾选' })
  acceptsUndirected?: boolean;
}

export const CLAIM_MODE_LABELS: Record<ClaimMode, string> = { whole: '整体认领', shares: '分份认捐' };

/** The columns a project gets from a validated full form. */
export function projectValuesFrom(dto: ProjectInputDto) {
  return {
    title: dto.title,
    kind: dto.kind,
    township: dto.township,
    village: dto.village ?? null,
    description: dto.description,
    soughtFen: dto.amount === undefined ? null : donationFen(dto.amount)!,
    // Items belong to goods projects only: another kind's leftover text is dropped.
    goodsSought: dto.kind === 'goods' ? (dto.goodsSought ?? null) : null,
    beneficiaryHouseholds: dto.beneficiaryHouseholds ?? null,
    beneficiaryPeople: dto.beneficiaryPeople ?? null,
    contactOffice: dto.contactOffice,
    contactPhone: dto.contactPhone ?? null,
    deadline: dto.deadline,
    claimMode: dto.claimMode,
    acceptsUndirected: dto.acceptsUndirected === true,
  };
}
export type ProjectValues = ReturnType<typeof projectValuesFrom>;

/** The columns a published project's correction changes. */
export function correctionValuesFrom(dto: ProjectCorrectionDto) {
  return {
    description: dto.description,
    contactOffice: dto.contactOffice,
    contactPhone: dto.contactPhone ?? null,
    deadline: dto.deadline,
  };
}
export type CorrectionValues = ReturnType<typeof correctionValuesFrom>;
