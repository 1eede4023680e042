import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Disbursement } from './disbursement.entity';
import { DonationAccount } from './donation-account.entity';
import { DonationProject } from './donation-project.entity';
import { DonationReceipt } from './donation-receipt.entity';
import { DonationTotalsService } from './donation-totals.service';
import { Pledge } from './pledge.entity';

/**
 * The 认领认捐 tables and the one totals service: what every part of the campaign (projects,
 * pledges, receipts, disbursements, public pages, the organiser's board and workbook) imports.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DonationProject, Pledge, DonationReceipt, Disbursement, DonationAccount])],
  providers: [DonationTotalsService],
  exports: [TypeOrmModule, DonationTotalsService],
})
export class DonationRecordsModule {}
