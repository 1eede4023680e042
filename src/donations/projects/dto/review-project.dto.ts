import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TrimmedText } from '../../../common/validation';
import { DONATION_TEXT_LIMITS } from '../../donation-limits';

export class ReturnProjectDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写退回原因，县区会看到它' })
  @IsString({ message: '请填写退回原因，县区会看到它' })
  @MaxLength(DONATION_TEXT_LIMITS.returnReason, { message: '退回原因不能超过$constraint1个字符' })
  reason: string;
}

/** The organiser's later status change (the rule of which change is allowed is the service's). */
export class ProjectStatusDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请选择新的状态' })
  @IsIn(['funded', 'ended', 'closed'], { message: '新的状态应为“已筹满”“已结束”或“已关闭”' })
  status: 'funded' | 'ended' | 'closed';
}
