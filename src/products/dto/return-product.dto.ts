import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TrimmedText } from '../../common/validation';

export class ReturnProductDto {
  @TrimmedText()
  @IsNotEmpty({ message: '请填写退回原因，县区会看到它' })
  @IsString({ message: '请填写退回原因，县区会看到它' })
  @MaxLength(500, { message: '退回原因不能超过$constraint1个字符' })
  reason: string;
}
