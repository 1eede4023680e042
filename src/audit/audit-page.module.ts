import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLog } from './audit-log.entity';
import { AuditLogReader } from './audit-log-reader.service';
import { AuditController } from './audit.controller';

/**
 * The organiser's audit-log page (/admin/audit): its queries over the log and the labels that
 * make entries readable. Apart from AuditTrailModule, which every feature imports to write.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditLog])],
  controllers: [AuditController],
  providers: [AuditLogReader],
})
export class AuditPageModule {}
