import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit/audit-trail.module';
import { AuthController } from './auth.controller';
import { LoginHooks } from './login-hooks';
import { PasswordHasher } from './password-hasher';
import { SessionLogin } from './session-login';
import { SessionUserMiddleware } from './session-user.middleware';
import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * Log-in and log-out, the session's user on every request, passwords and roles. Imports no
 * feature module: features that act on log-in register a LoginHooks hook instead.
 */
@Module({
  imports: [TypeOrmModule.forFeature([User]), AuditTrailModule],
  controllers: [AuthController],
  providers: [UsersService, SessionLogin, LoginHooks, PasswordHasher],
  exports: [UsersService, SessionLogin, LoginHooks, PasswordHasher],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionUserMiddleware).forRoutes('*');
  }
}
