import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit/audit-trail.module';
import { BuyerUnitLookupsModule } from '../buyers/buyer-unit-lookups.module';
import { FairsModule } from '../fairs/fairs.module';
import { IntentFiguresModule } from '../intents/intent-figures.module';
import { SheetImportModule } from '../products/import/sheet-import.module';
import { TargetImportController, TargetImportPageLocals } from './import/target-import.controller';
import { TargetImportService } from './import/target-import.service';
import { PurchaseTarget } from './purchase-target.entity';
import { TargetCompletionService } from './target-completion.service';
import { TargetFormLocals, TargetsController } from './targets.controller';
import { TargetsService } from './targets.service';

/**
 * 认购目标: buyer units' purchase targets per fair, their import, and their completion for
 * the dashboard, the workbook, 公示 and the unit's own page (TargetCompletionService).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PurchaseTarget]),
    FairsModule,
    IntentFiguresModule,
    BuyerUnitLookupsModule,
    AuditTrailModule,
    SheetImportModule,
  ],
  // The import's controller first: its /admin/targets/import routes must match before /admin/targets/:id.
  controllers: [TargetImportController, TargetsController],
  providers: [TargetsService, TargetCompletionService, TargetImportService, TargetFormLocals, TargetImportPageLocals],
  exports: [TargetCompletionService],
})
export class TargetsModule {}
