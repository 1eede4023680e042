import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { TrimmedText } from '../../common/validation';
import { INTENT_TEXT_LIMITS } from '../intent-limits';

export class IntentStatusDto {
  @IsIn(['confirm', 'cancel', 'reopen'], { message: '未知的操作' })
  action: 'confirm' | 'cancel' | 'reopen';

  /** Required to cancel or reopen (the buyer unit sees it); optional when confirming. */
  @TrimmedText()
  @ValidateIf((o: IntentStatusDto) => o.action !== 'confirm' || o.reason !== undefined)
  @IsNotEmpty({ message: '取消或重新打开意向时请填写原因' })
  @IsString({ message: '取消或重新打开意向时请填写原因' })
  @MaxLength(INTENT_TEXT_LIMITS.statusReason, { message: '原因不能超过$constraint1个字符' })
  reason?: string;
}
