import { FairsModule } from '../fairs/fairs.module';
import { Module } from '@nestjs/common';
import { BuyerUnitLookupsModule } from '../buyers/buyer-unit-lookups.module';
import { CountiesModule } from '../counties/counties.module';
import { IntentFiguresModule } from '../intents/intent-figures.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { TargetsModule } from '../targets/targets.module';

/** The organiser's dashboard. */
@Module({
  imports: [CountiesModule, BuyerUnitLookupsModule, IntentFiguresModule, FairsModule, TargetsModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
