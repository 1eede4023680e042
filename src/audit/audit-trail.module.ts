import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLog } from './audit-log.entity';
import { AuditService } from './audit.service';

/**
 * The append-only audit trail: the entity and the service that writes it. Any feature that
 * records imports this module; it imports no feature, so auth can use it without depending on
 * anything above it. The organiser's page that reads the log is AuditPageModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditLog])],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditTrailModule {}
