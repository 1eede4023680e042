import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, Validate } from 'class-validator';
import { CheckboxField, IntegerField, TrimmedText } from '../../common/validation';
import { IsCalendarDate, IsCstDateTime } from '../../common/date-validators';
import { FAIR_TEXT_LIMITS } from '../fair-limits';
import { FAIR_STATUSES, type FairStatus } from '../fair-status';

/** The new-fair and edit-fair form (the deadline's rule against the date is the service's). */
export class FairFormDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写展销会名称' })
  @IsString({ message: '请填写展销会名称' })
  @MaxLength(FAIR_TEXT_LIMITS.name, { message: '展销会名称不能超过$constraint1个字符' })
  name: string;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写举办日期' })
  @Validate(IsCalendarDate, { message: '举办日期格式应为 2020-10-17' })
  date: string;

  /** Empty means not decided yet. */
  @TrimmedText()
  @IsOptional()
  @IsString({ message: '举办地点应为文字' })
  @MaxLength(FAIR_TEXT_LIMITS.venue, { message: '举办地点不能超过$constraint1个字符' })
  venue?: string;

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

/** The confirmation of one step in a fair's life cycle. */
export class FairStatusDto {
  /** The status the organiser saw: a stale or repeated confirmation moves nothing. */
  @TrimmedText()
  @IsIn(FAIR_STATUSES, { message: '请从展销会列表重新进入此页面' })
  from: FairStatus;

  @CheckboxField()
  @IsIn([true], { message: '请勾选确认后再提交' })
  confirm: boolean;
}
