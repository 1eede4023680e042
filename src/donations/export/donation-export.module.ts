import { Module } from '@nestjs/common';
import { FairsModule } from '../../fairs/fairs.module';
import { DonationBoardModule } from '../board/donation-board.module';
import { DonationRecordsModule } from '../donation-records.module';
import { DonationExportRowsService } from './donation-export-rows.service';
import { DonationExportController } from './donation-export.controller';
import { DonationExportService } from './donation-export.service';

/** The organiser's 认领认捐汇总表.xlsx (/admin/donations/export), its figures from the board's. */
@Module({
  imports: [DonationRecordsModule, DonationBoardModule, FairsModule],
  controllers: [DonationExportController],
  providers: [DonationExportService, DonationExportRowsService],
})
export class DonationExportModule {}
