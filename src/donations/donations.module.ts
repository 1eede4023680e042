import { Module } from '@nestjs/common';
import { DonationAccountsModule } from './accounts/donation-accounts.module';
import { DonationBoardModule } from './board/donation-board.module';
import { DisbursementsModule } from './disbursements/disbursements.module';
import { DonationRecordsModule } from './donation-records.module';
import { DonationExportModule } from './export/donation-export.module';
import { DonationPublicModule } from './public/donation-public.module';
import { PledgesModule } from './pledges/pledges.module';
import { ReceiptsModule } from './receipts/receipts.module';
import { DonationProjectsModule } from './projects/donation-projects.module';

/**
 * 认领认捐: the fair's second activity. Counties publish projects (reviewed by the organiser),
 * anyone pledges, offices record the money actually received and issue 捐赠票据, counties
 * record how it was used, and the public pages and 捐赠公示 show it all. Each part is a
 * module of its own in a folder of its own; this one gathers them for the app.
 */
@Module({
  imports: [
    DonationRecordsModule,
    DonationProjectsModule,
    DonationAccountsModule,
    PledgesModule,
    ReceiptsModule,
    DisbursementsModule,
    DonationBoardModule,
    DonationExportModule,
    DonationPublicModule,
  ],
})
export class DonationsModule {}
