import { Module } from '@nestjs/common';
import { BuyerUnitLookupsModule } from '../buyers/buyer-unit-lookups.module';
import { CountiesModule } from '../counties/counties.module';
import { IntentFiguresModule } from '../intents/intent-figures.module';
import { FairsModule } from '../fairs/fairs.module';
import { ExportRowsService } from './export-rows.service';
import { ExportsController, MyLetterController } from './exports.controller';
import { ExportsService } from './exports.service';
import { TargetsModule } from '../targets/targets.module';

/**
 * 导出: the 签约汇总表 workbook and the 购销意向书, streamed to the browser or (npm run
 * export) to a file. Figures come from FairTotalsService (IntentFiguresModule).
 */
@Module({
  imports: [CountiesModule, BuyerUnitLookupsModule, IntentFiguresModule, FairsModule, TargetsModule],
  controllers: [ExportsController, MyLetterController],
  providers: [ExportsService, ExportRowsService],
  exports: [ExportsService],
})
export class ExportsModule {}
