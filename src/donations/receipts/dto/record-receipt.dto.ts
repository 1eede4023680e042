import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, Matches, MaxLength, Validate, ValidateIf } from 'class-validator';
import { RecordIdField } from '../../../common/id-param';
import { CheckboxField, TrimmedText } from '../../../common/validation';
import { DONATION_TEXT_LIMITS as L } from '../../donation-limits';
import { DONOR_KINDS, type DonorKind } from '../../donor-kinds';
import { donationFen, IsDonationAmount } from '../../donation-amount';
import { BANK_REFERENCE_PATTERN, IsReceivedOn, normaliseBankReference } from './receipt-fields';

/** 'fund' (the office's own fund) or a project id, as the form's 用途 select sends it. */
export const FUND_TARGET = 'fund';

const withoutPledge = (o: RecordReceiptDto) => o.pledgeId === undefined;

/**
 * 登记到账: money received against a pledge (pledgeId: the donor, anonymity and project come
 * from the pledge) or without one (donor kind and name, anonymity, and the project or fund).
 */
export class RecordReceiptDto {
  @IsOptional()
  @RecordIdField('认捐记录有误，请从认捐列表中选择')
  pledgeId?: number;

  @ValidateIf(withoutPledge)
  @TrimmedText()
  @IsNotEmpty({ message: '请选择捐赠人类型' })
  @IsIn(DONOR_KINDS as unknown as string[], { message: '请选择捐赠人类型' })
  donorKind?: DonorKind;

  @ValidateIf(withoutPledge)
  @TrimmedText()
  @IsNotEmpty({ message: '请填写捐赠人（个人姓名或单位名称）' })
  @MaxLength(L.donorName, { message: '捐赠人不能超过$constraint1个字符' })
  donorName?: string;

  /** Without a pledge only: the donor asked to be shown as 匿名 (a pledge carries its own choice). */
  @CheckboxField()
  @IsBoolean({ message: '“匿名”应为勾选或不勾选' })
  anonymous: boolean = false;

  @ValidateIf(withoutPledge)
  @TrimmedText()
  @IsNotEmpty({ message: '请选择捐款用途（本单位的项目或捐赠资金）' })
  @Matches(/^(fund|[1-9]\d{0,9})$/, { message: '请选择捐款用途（本单位的项目或捐赠资金）' })
  target?: string;

  /** Yuan as typed ("5000", "1,280.50"); stored as fen. */
  @TrimmedText()
  @IsNotEmpty({ message: '请填写到账金额（元）' })
  @Validate(IsDonationAmount, ['到账金额'])
  amount: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写到账日期' })
  @Validate(IsReceivedOn)
  receivedOn: string;

  @IsOptional()
  @Transform(({ value }) => {
    const v: unknown = Array.isArray(value) ? value[0] : value;
    return typeof v === 'string' ? normaliseBankReference(v) || undefined : v;
  })
  @MaxLength(L.bankReference, { message: '银行流水号不能超过$constraint1个字符' })
  @Matches(BANK_REFERENCE_PATTERN, { message: '银行流水号只能包含字母、数字和 - _ / .' })
  bankReference?: string;
}

/** What the service records, parsed from a valid form. */
export interface ReceiptInput {
  pledgeId: number | null;
  donorKind: DonorKind | null;
  donorName: string | null;
  anonymous: boolean;
  /** null for the office's fund; set only without a pledge. */
  projectId: number | null;
  amountFen: number;
  receivedOn: string;
  bankReference: string | null;
}

export function receiptInputFrom(dto: RecordReceiptDto): ReceiptInput {
  const pledged = dto.pledgeId !== undefined;
  return {
    pledgeId: dto.pledgeId ?? null,
    donorKind: pledged ? null : dto.donorKind!,
    donorName: pledged ? null : dto.donorName!,
    anonymous: dto.anonymous,
    projectId: pledged || dto.target === FUND_TARGET ? null : Number(dto.target),
    amountFen: donationFen(dto.amount)!,
    receivedOn: dto.receivedOn,
    bankReference: dto.bankReference ?? null,
  };
}
