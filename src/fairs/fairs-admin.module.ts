import { Module } from '@nestjs/common';
import { IntentFiguresModule } from '../intents/intent-figures.module';
import { FairStatusController } from './fair-status.controller';
import { FairsAdminController } from './fairs-admin.controller';
import { FairsModule } from './fairs.module';

/**
 * The organiser's pages for the fairs. Apart from FairsModule because the list shows each
 * fair's intents, and the intent modules themselves depend on FairsModule.
 */
@Module({
  imports: [FairsModule, IntentFiguresModule],
  controllers: [FairsAdminController, FairStatusController],
})
export class FairsAdminModule {}
