import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IntentsModule } from '../intents/intents.module';
import { AuthController } from './auth.controller';
import { PasswordHasher } from './password-hasher';
import { SessionLogin } from './session-login';
import { SessionUserMiddleware } from './session-user.middleware';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Log-in and log-out, the session's user on every request, passwords and roles. */
@Module({
  imports: [TypeOrmModule.forFeature([User]), IntentsModule],
  controllers: [AuthController],
  providers: [UsersService, SessionLogin, PasswordHasher],
  exports: [UsersService, SessionLogin, PasswordHasher],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionUserMiddleware).forRoutes('*');
  }
}
