import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../../audit/audit-trail.module';
import { CountiesModule } from '../../counties/counties.module';
import { FairsModule } from '../../fairs/fairs.module';
import { DonationAccountsModule } from '../accounts/donation-accounts.module';
import { DonationRecordsModule } from '../donation-records.module';
import { PledgesModule } from '../pledges/pledges.module';
import { DonationProjectsModule } from '../projects/donation-projects.module';
import { CityReceiptsController } from './city-receipts.controller';
import { CountyReceiptsController } from './county-receipts.controller';
import { ReceiptFormLocals, ReceiptPages, ReceiptShowLocals } from './receipt-pages';
import { ReceiptsService } from './receipts.service';

/**
 * 到账 and 捐赠票据: the county offices (/county/donations) and the city office
 * (/admin/donations/receipts) record money received, number and void receipts, and print
 * them. Exports ReceiptsService (list() for other parts' pages).
 */
@Module({
  imports: [
    DonationRecordsModule,
    DonationAccountsModule,
    PledgesModule,
    DonationProjectsModule,
    AuditTrailModule,
    CountiesModule,
    FairsModule,
  ],
  controllers: [CountyReceiptsController, CityReceiptsController],
  providers: [ReceiptsService, ReceiptPages, ReceiptFormLocals, ReceiptShowLocals],
  exports: [ReceiptsService],
})
export class ReceiptsModule {}
