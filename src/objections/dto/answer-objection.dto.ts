import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TrimmedText } from '../../common/validation';
import { OBJECTION_TEXT_LIMITS } from '../objection-limits';

/** The organiser's answer (答复) to an objection. */
export class AnswerObjectionDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写答复内容' })
  @IsString({ message: '请填写答复内容' })
  @MaxLength(OBJECTION_TEXT_LIMITS.answer, { message: '答复内容不能超过$constraint1个字' })
  answer: string;
}

/** Closing an objection needs a reason (it becomes the answer when none was given yet). */
export class CloseObjectionDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写关闭原因' })
  @IsString({ message: '请填写关闭原因' })
  @MaxLength(OBJECTION_TEXT_LIMITS.closeReason, { message: '关闭原因不能超过$constraint1个字' })
  reason: string;
}
