import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { CountiesModule } from '../counties/counties.module';
import { SettingsModule } from '../settings/settings.module';
import { AdminIntentsController } from './admin-intents.controller';
import { BuyerUnitsLookup } from './buyer-units.lookup';
import { CountyDemandController } from './county-demand.controller';
import { CountySigningController, CountySigningLocals } from './county-signing.controller';
import { CountyDemandService } from './county-demand.service';
import { IntentListController } from './intent-list.controller';
import { IntentListLocals, IntentSubmitLocals } from './intent-list.locals';
import { IntentListItem } from './intent-list-item.entity';
import { IntentListService } from './intent-list.service';
import { IntentLine } from './intent-line.entity';
import { Intent } from './intent.entity';
import { IntentsService } from './intents.service';
import { IntentPageLocals, MyIntentsController } from './my-intents.controller';
import { VisitorListLoginHook } from './visitor-list.login-hook';

/** 采购意向: intent lists, submission, amendment, the organiser's handling and county demand. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Intent, IntentLine, IntentListItem, BuyerUnit]),
    CountiesModule,
    AuthModule,
    AuditModule,
    SettingsModule,
  ],
  controllers: [IntentListController, MyIntentsController, AdminIntentsController, CountyDemandController, CountySigningController],
  providers: [
    IntentsService,
    IntentListService,
    IntentListLocals,
    IntentSubmitLocals,
    IntentPageLocals,
    CountyDemandService,
    CountySigningLocals,
    BuyerUnitsLookup,
    VisitorListLoginHook,
  ],
  exports: [IntentsService, IntentListService, CountyDemandService],
})
export class IntentsModule {}
