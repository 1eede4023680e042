import { Global, Module } from '@nestjs/common';
import { FairTotalsService } from './fair-totals.service';

/** The fair's figures, shared by the dashboard, the exports and the public page. */
@Global()
@Module({
  providers: [FairTotalsService],
  exports: [FairTotalsService],
})
export class ReportsModule {}
