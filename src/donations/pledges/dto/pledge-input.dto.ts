import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, validate, ValidateIf } from 'class-validator';
import { AppError } from '../../../common/app-error';
import { normaliseMobile } from '../../../common/phone';
import { toFieldErrors, TrimmedText } from '../../../common/validation';
import { DONATION_TEXT_LIMITS as L } from '../../donation-limits';
import type { DonorKind } from '../../donor-kinds';
import { donationAmountProblem, donationFen } from '../../donation-amount';

/** Who may pledge through the public form: a person or an organisation (units pledge from their account). */
export const PUBLIC_DONOR_KINDS = ['person', 'organisation'] as const satisfies readonly DonorKind[];

/** 公示时: named, or 匿名. A choice the donor makes on purpose, so the form asks it as a question. */
export const PUBLICITY_CHOICES = ['named', 'anonymous'] as const;

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/**
 * The pledge form (认捐/认领, directed or to a fund). What is asked depends on who pledges and
 * on what: a unit's name and kind come from its account, and a whole project's amount is what
 * it seeks. So the handler validates with the context set (validatePledgeForm) rather than
 * through the global pipe, and every message is shown at once beside its field.
 */
export class PledgeFormDto {
  /** Set by validatePledgeForm, not from the form. */
  forUnit = false;
  /** Set by validatePledgeForm: the amount is fixed (a whole project's claim), not typed. */
  amountFixed = false;
  /** Set by validatePledgeForm: the form asks which fund (不定向). */
  asksFund = false;

  @ValidateIf((o: PledgeFormDto) => !o.forUnit)
  @TrimmedText()
  @IsNotEmpty({ message: '请选择捐赠人类别' })
  @IsIn(PUBLIC_DONOR_KINDS, { message: '请选择捐赠人类别：个人或社会组织/企业' })
  donorKind?: (typeof PUBLIC_DONOR_KINDS)[number];

  @ValidateIf((o: PledgeFormDto) => !o.forUnit)
  @TrimmedText()
  @IsNotEmpty({ message: '请填写姓名或单位名称' })
  @IsString({ message: '请填写姓名或单位名称' })
  @MaxLength(L.donorName, { message: '姓名或单位名称不能超过$constraint1个字' })
  donorName?: string;

  /** Stored as the bare 11 digits; never shown publicly. */
  @Transform(({ value }) => {
    const v = first(value);
    return typeof v === 'string' ? (normaliseMobile(v) ?? (v.trim() || undefined)) : v;
  })
  @IsNotEmpty({ message: '请填写联系电话（手机号码）' })
  @IsString({ message: '请填写联系电话（手机号码）' })
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号码应为11位数字，如 13800138000' })
  donorPhone: string;

  @IsOptional()
  @TrimmedText()
  @IsString({ message: '留言有误' })
  @MaxLength(L.message, { message: '留言不能超过$constraint1个字' })
  message?: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请选择公示时是否显示捐赠人名称' })
  @IsIn(PUBLICITY_CHOICES, { message: '请选择公示时是否显示捐赠人名称' })
  publicity: (typeof PUBLICITY_CHOICES)[number];

  /** Yuan as typed; checked by donationAmountProblem (its messages name what is wrong). */
  @ValidateIf((o: PledgeFormDto) => !o.amountFixed)
  @TrimmedText()
  @IsNotEmpty({ message: '请填写认捐金额（元）' })
  @IsString({ message: '请填写认捐金额（元）' })
  amount?: string;

  /** 不定向: 'city' or a county's code; checked against the counties by the service. */
  @ValidateIf((o: PledgeFormDto) => o.asksFund)
  @TrimmedText()
  @IsNotEmpty({ message: '请选择捐赠给哪个扶贫基金' })
  @IsString({ message: '请选择捐赠给哪个扶贫基金' })
  fund?: string;
}

/** A valid pledge form's values. amountFen is null when the amount is fixed (a claim). */
export interface PledgeInput {
  donorKind: DonorKind;
  donorName: string | null;
  donorPhone: string;
  message: string | null;
  anonymous: boolean;
  amountFen: number | null;
  fund: string | null;
}

/** What the form is for: a unit's account or the public; a claim (fixed amount); a fund (不定向). */
export interface PledgeFormContext {
  forUnit: boolean;
  amountFixed: boolean;
  asksFund: boolean;
}

const FIELDS = ['donorKind', 'donorName', 'donorPhone', 'message', 'publicity', 'amount', 'fund'] as const;

/** Validates the posted form for its context; throws the field messages (422, the form re-rendered). */
export async function validatePledgeForm(body: Record<string, unknown>, context: PledgeFormContext): Promise<PledgeInput> {
  const picked = Object.fromEntries(FIELDS.filter((f) => f in body).map((f) => [f, body[f]]));
  const dto = plainToInstance(PledgeFormDto, picked);
  Object.assign(dto, context);
  const errors = toFieldErrors(await validate(dto, { validationError: { target: false, value: false } }));
  if (!context.amountFixed && typeof dto.amount === 'string' && !errors.amount) {
    const problem = donationAmountProblem(dto.amount, '认捐金额');
    if (problem) errors.amount = [problem];
  }
  if (Object.keys(errors).length > 0) throw AppError.validation(errors);
  return {
    donorKind: context.forUnit ? 'unit' : dto.donorKind!,
    donorName: context.forUnit ? null : dto.donorName!,
    donorPhone: dto.donorPhone,
    message: dto.message ?? null,
    anonymous: dto.publicity === 'anonymous',
    amountFen: context.amountFixed ? null : donationFen(dto.amount!),
    fund: context.asksFund ? dto.fund! : null,
  };
}
