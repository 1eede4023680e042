import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit/audit-trail.module';
import { FairLayoutMiddleware } from './fair-layout.middleware';
import { Settings } from './settings.entity';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/** The fair's settings (name, date, intent deadline), read by almost every page. */
@Module({
  imports: [TypeOrmModule.forFeature([Settings]), AuditTrailModule],
  controllers: [SettingsController],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(FairLayoutMiddleware).forRoutes('*');
  }
}
