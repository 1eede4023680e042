import { IsNotEmpty, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { RecordIdField } from '../../common/id-param';
import { TrimmedText } from '../../common/validation';
import { OBJECTION_TEXT_LIMITS, OBJECTION_TEXT_MIN_LENGTH } from '../objection-limits';

/**
 * 提出异议: anyone's objection, about a published product (productId), a public 认领认捐
 * project (projectId), a received donation (donationReceiptId) or a published figure
 * (subject). Messages name the fields as the form labels them.
 */
export class CreateObjectionDto {
  /** Sent as a hidden field by the form opened from a product page. */
  @IsOptional()
  @RecordIdField('产品编号有误，请从产品页面重新进入')
  productId?: number;

  /** Sent as a hidden field by the form opened from a project page. */
  @IsOptional()
  @RecordIdField('项目编号有误，请从项目页面重新进入')
  projectId?: number;

  /** Sent as a hidden field by the form opened beside a donation (捐赠公示, project page). */
  @IsOptional()
  @RecordIdField('捐赠记录有误，请从捐赠公示页面重新进入')
  donationReceiptId?: number;

  /** Which figure, required when the objection is about no product, project or donation. */
  @TrimmedText()
  @ValidateIf((o: CreateObjectionDto) => o.productId === undefined && o.projectId === undefined && o.donationReceiptId === undefined)
  @IsNotEmpty({ message: '请说明对哪一项公示数据有异议' })
  @IsString({ message: '请说明对哪一项公示数据有异议' })
  @MaxLength(OBJECTION_TEXT_LIMITS.subject, { message: '异议对象不能超过$constraint1个字' })
  subject?: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写异议内容' })
  @IsString({ message: '请填写异议内容' })
  @Length(OBJECTION_TEXT_MIN_LENGTH, OBJECTION_TEXT_LIMITS.text, { message: '异议内容应为$constraint1至$constraint2个字' })
  text: string;

  /** Optional; only the organiser sees it. */
  @TrimmedText()
  @IsOptional()
  @IsString({ message: '联系方式有误' })
  @MaxLength(OBJECTION_TEXT_LIMITS.contact, { message: '联系方式不能超过$constraint1个字' })
  contact?: string;
}
