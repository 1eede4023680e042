import { Module } from '@nestjs/common';
import { DonationRecordsModule } from '../donations/donation-records.module';
import { FairsModule } from '../fairs/fairs.module';
import { IntentFiguresModule } from '../intents/intent-figures.module';
import { ObjectionsModule } from '../objections/objections.module';
import { TargetsModule } from '../targets/targets.module';
import { TransparencyController } from './transparency.controller';
import { TransparencyService } from './transparency.service';

/** 公示 (公开透明, 接受社会监督): the public results page — totals, 爱心榜 and objection counts, and the 认领认捐 campaign's totals. Figures from FairTotalsService and DonationTotalsService. */
@Module({
  imports: [ObjectionsModule, IntentFiguresModule, FairsModule, TargetsModule, DonationRecordsModule],
  controllers: [TransparencyController],
  providers: [TransparencyService],
})
export class TransparencyModule {}
