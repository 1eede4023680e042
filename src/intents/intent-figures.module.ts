import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CountiesModule } from '../counties/counties.module';
import { FairAggregatesService } from './fair-aggregates.service';
import { FairTotalsService } from './fair-totals.service';
import { FairUnitFiguresService } from './fair-unit-figures.service';
import { FairCountyTypeTotal } from './fair-county-type-total.entity';
import { FairProductTypeTotal } from './fair-product-type-total.entity';
import { FairTypeTotal } from './fair-type-total.entity';
import { FairUnitTotal } from './fair-unit-total.entity';
import { IntentLine } from './intent-line.entity';
import { IntentLinesService } from './intent-lines.service';

/**
 * What other features read about intents, without the intents pages: the fair's figures for
 * the dashboard, the exports, 公示 and the counties' demand, the aggregates every intent write keeps, and how many lines name a product
 * (for deleting it). Kept apart from IntentsModule, which needs products and buyer units, so
 * that those features can import this one too.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([IntentLine, FairUnitTotal, FairTypeTotal, FairCountyTypeTotal, FairProductTypeTotal]),
    CountiesModule,
  ],
  providers: [FairTotalsService, FairUnitFiguresService, FairAggregatesService, IntentLinesService],
  exports: [FairTotalsService, FairUnitFiguresService, FairAggregatesService, IntentLinesService],
})
export class IntentFiguresModule {}
