import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ACCOUNT_TEXT_LIMITS } from './account-limits';
import { formUsername } from './username';

export class LoginDto {
  /** Canonical (username.ts), exactly as the log-in throttles read it; a repeated field counts as its first value. */
  @Transform(({ value }) => {
    const name = formUsername(value);
    return name === '' ? undefined : name;
  })
  @IsNotEmpty({ message: '请输入用户名' })
  @IsString({ message: '请输入用户名' })
  @MaxLength(ACCOUNT_TEXT_LIMITS.username, { message: '用户名不能超过$constraint1个字符' })
  username: string;

  @IsNotEmpty({ message: '请输入密码' })
  @IsString({ message: '请输入密码' })
  @MaxLength(ACCOUNT_TEXT_LIMITS.password, { message: '密码不能超过$constraint1个字符' })
  password: string;

  @IsOptional()
  @IsString({ message: '登录后要打开的页面地址有误，请从首页重新登录' })
  @MaxLength(500, { message: '登录后要打开的页面地址有误，请从首页重新登录' })
  next?: string;
}
