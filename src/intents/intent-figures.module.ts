import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CountiesModule } from '../counties/counties.module';
import { FairTotalsService } from './fair-totals.service';
import { IntentLine } from './intent-line.entity';
import { IntentLinesService } from './intent-lines.service';

/**
 * What other features read about intents, without the intents pages: the fair's figures for
 * the dashboard, the exports, 公示 and the counties' demand, and how many lines name a product
 * (for deleting it). Kept apart from IntentsModule, which needs products and buyer units, so
 * that those features can import this one too.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IntentLine]), CountiesModule],
  providers: [FairTotalsService, IntentLinesService],
  exports: [FairTotalsService, IntentLinesService],
})
export class IntentFiguresModule {}
