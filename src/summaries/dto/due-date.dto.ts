import { IsNotEmpty, Validate } from 'class-validator';
import { IsCalendarDate } from '../../common/date-validators';
import { RecordIdField } from '../../common/id-param';
import { TrimmedText } from '../../common/validation';

/** The organiser's due date for one fair's summaries. */
export class DueDateDto {
  @RecordIdField('请选择展销会')
  fair: number;

  @TrimmedText()
  @IsNotEmpty({ message: '请填写截止日期' })
  @Validate(IsCalendarDate, { message: '截止日期格式应为 2020-10-20' })
  dueDate: string;
}
