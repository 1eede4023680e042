import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../../audit/audit-trail.module';
import { CountiesModule } from '../../counties/counties.module';
import { DonationRecordsModule } from '../donation-records.module';
import { AccountFormLocals, DonationAccountsController } from './donation-accounts.controller';
import { DonationAccountsService } from './donation-accounts.service';

/** 捐赠账户: the organiser's page per receiving office, and the account a pledge page shows. */
@Module({
  imports: [DonationRecordsModule, AuditTrailModule, CountiesModule],
  controllers: [DonationAccountsController],
  providers: [DonationAccountsService, AccountFormLocals],
  exports: [DonationAccountsService],
})
export class DonationAccountsModule {}
