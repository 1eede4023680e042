import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit/audit-trail.module';
import { CountiesModule } from '../counties/counties.module';
import { FairsModule } from '../fairs/fairs.module';
import { IntentFiguresModule } from '../intents/intent-figures.module';
import { AdminSummariesController, SummaryBoardLocals } from './admin-summaries.controller';
import { CountySummaryController, CountySummaryLocals } from './county-summary.controller';
import { SummaryDueDate } from './summary-due-date.entity';
import { SummaryDueDatesService } from './summary-due-dates.service';
import { StorageModule } from '../storage/storage.module';
import { SummaryFileStorage } from './summary-file-storage';
import { SummaryFile } from './summary-file.entity';
import { SummaryFilesService } from './summary-files.service';
import { SummaryFiguresController } from './summary-figures.controller';
import { SummaryFiguresService } from './summary-figures.service';

/**
 * 总结材料: each county's summary and activity photos per fair, their due date, the organiser's
 * board and zip, and the county's figures for its summary. The bytes go through
 * SummaryFileStorage to the BlobStore that FILE_STORAGE chooses.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([SummaryFile, SummaryDueDate]),
    FairsModule,
    CountiesModule,
    IntentFiguresModule,
    AuditTrailModule,
    StorageModule,
  ],
  controllers: [CountySummaryController, SummaryFiguresController, AdminSummariesController],
  providers: [
    SummaryFilesService,
    SummaryDueDatesService,
    SummaryFiguresService,
    CountySummaryLocals,
    SummaryBoardLocals,
    SummaryFileStorage,
  ],
  exports: [SummaryFileStorage],
})
export class SummariesModule {}
