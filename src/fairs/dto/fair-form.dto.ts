import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, Validate } from 'class-validator';
import { IntegerField, TrimmedText } from '../../common/validation';
import { IsCalendarDate, IsCstDateTime } from '../../common/date-validators';
import { FAIR_TEXT_LIMITS } from '../fair-limits';

export class UpdateFairDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写展销会名称' })
  @IsString({ message: '请填写展销会名称' })
  @MaxLength(FAIR_TEXT_LIMITS.name, { message: '展销会名称不能超过$constraint1个字符' })
  fairName: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写举办日期' })
  @Validate(IsCalendarDate, { message: '举办日期格式应为 2020-10-17' })
  fairDate: string;

  /** datetime-local in China Standard Time; empty means no deadline. */
  @TrimmedText()
  @IsOptional()
  @Validate(IsCstDateTime, { message: '意向截止时间格式应为 2020-10-16 18:00' })
  intentDeadline?: string;

  @IntegerField()
  @IsInt({ message: '每县最少产品数应为整数' })
  @Min(1, { message: '每县最少产品数至少为$constraint1' })
  @Max(1000, { message: '每县最少产品数不能超过$constraint1' })
  minimumProducts: number;
}
