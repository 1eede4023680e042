import { Module } from '@nestjs/common';
import { DonationRecordsModule } from './donation-records.module';
import { DonationProjectsModule } from './projects/donation-projects.module';

/**
 * 认领认捐: the fair's second activity. Counties publish projects (reviewed by the organiser),
 * anyone pledges, offices record the money actually received and issue 捐赠票据, counties
 * record how it was used, and the public pages and 捐赠公示 show it all. Each part is a
 * module of its own in a folder of its own; this one gathers them for the app.
 */
@Module({
  imports: [DonationRecordsModule, DonationProjectsModule],
})
export class DonationsModule {}
