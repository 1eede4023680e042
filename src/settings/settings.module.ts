import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Settings } from './settings.entity';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/** The fair's settings (name, date, intent deadline), read by almost every page. */
// Global because the layout of every page shows the fair's name (auth's SessionUserMiddleware), and auth may not import a feature.
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Settings]), AuditModule],
  controllers: [SettingsController],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
