import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../../audit/audit-trail.module';
import { FairsModule } from '../../fairs/fairs.module';
import { StorageModule } from '../../storage/storage.module';
import { DonationRecordsModule } from '../donation-records.module';
import { DisbursementPageLocals, DisbursementsController } from './disbursements.controller';
import { DisbursementsService } from './disbursements.service';

/**
 * 资金使用: the counties' disbursements out of their projects' received donations, with payment
 * vouchers in the file storage (namespace `vouchers`). Exports DisbursementsService, whose
 * forProject()/forProjects() give the public project page and the workbook what may be shown.
 */
@Module({
  imports: [DonationRecordsModule, FairsModule, AuditTrailModule, StorageModule],
  controllers: [DisbursementsController],
  providers: [DisbursementsService, DisbursementPageLocals],
  exports: [DisbursementsService],
})
export class DisbursementsModule {}
