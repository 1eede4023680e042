import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit/audit-trail.module';
import { AuthModule } from '../auth/auth.module';
import { BuyerUnitLookupsModule } from '../buyers/buyer-unit-lookups.module';
import { CountiesModule } from '../counties/counties.module';
import { FairsModule } from '../fairs/fairs.module';
import { ProductsModule } from '../products/products.module';
import { TargetsModule } from '../targets/targets.module';
import { AdminIntentsController } from './admin-intents.controller';
import { CountyDemandController } from './county-demand.controller';
import { CountySigningController, CountySigningLocals } from './county-signing.controller';
import { CountyDemandService } from './county-demand.service';
import { IntentFiguresModule } from './intent-figures.module';
import { IntentLetterLocals } from './intent-letter.locals';
import { IntentListController } from './intent-list.controller';
import { IntentListLocals, IntentSubmitLocals } from './intent-list.locals';
import { IntentListItem } from './intent-list-item.entity';
import { IntentListService } from './intent-list.service';
import { IntentLine } from './intent-line.entity';
import { Intent } from './intent.entity';
import { IntentQueriesService } from './intent-queries.service';
import { IntentReviewService } from './intent-review.service';
import { IntentSigningService } from './intent-signing.service';
import { IntentSubmissionService } from './intent-submission.service';
import { IntentPageLocals, MyIntentsController } from './my-intents.controller';
import { VisitorListLoginHook } from './visitor-list.login-hook';

/** 采购意向: intent lists, submission, amendment, the organiser's handling and county demand. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Intent, IntentLine, IntentListItem]),
    CountiesModule,
    BuyerUnitLookupsModule,
    ProductsModule,
    IntentFiguresModule,
    AuthModule,
    AuditTrailModule,
    FairsModule,
    TargetsModule,
  ],
  controllers: [IntentListController, MyIntentsController, AdminIntentsController, CountyDemandController, CountySigningController],
  providers: [
    IntentQueriesService,
    IntentSubmissionService,
    IntentReviewService,
    IntentSigningService,
    IntentListService,
    IntentListLocals,
    IntentSubmitLocals,
    IntentPageLocals,
    IntentLetterLocals,
    CountyDemandService,
    CountySigningLocals,
    VisitorListLoginHook,
  ],
  exports: [IntentListService, IntentQueriesService],
})
export class IntentsModule {}
