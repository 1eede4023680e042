import { Module } from '@nestjs/common';
import { CountiesModule } from '../../counties/counties.module';
import { FairsModule } from '../../fairs/fairs.module';
import { DonationRecordsModule } from '../donation-records.module';
import { DonationBoardController } from './donation-board.controller';
import { DonationBoardService } from './donation-board.service';

/** The organiser's city-wide 认领认捐 board (/admin/donations). */
@Module({
  imports: [DonationRecordsModule, CountiesModule, FairsModule],
  controllers: [DonationBoardController],
  providers: [DonationBoardService],
  exports: [DonationBoardService],
})
export class DonationBoardModule {}
