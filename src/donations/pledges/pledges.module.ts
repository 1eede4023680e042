import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../../audit/audit-trail.module';
import { BuyerUnitLookupsModule } from '../../buyers/buyer-unit-lookups.module';
import { CountiesModule } from '../../counties/counties.module';
import { FairsModule } from '../../fairs/fairs.module';
import { DonationAccountsModule } from '../accounts/donation-accounts.module';
import { DonationRecordsModule } from '../donation-records.module';
import { DonationProjectsModule } from '../projects/donation-projects.module';
import { PledgeCreationService } from './pledge-creation.service';
import { PledgeFormController } from './pledge-form.controller';
import { PledgeFormLocals } from './pledge-form.locals';
import { PledgePageService } from './pledge-page.service';
import { PledgePagesController } from './pledge-pages.controller';
import { PledgesService } from './pledges.service';

/**
 * 认捐/认领: the public pledge form (directed and undirected), a unit's pledges from its
 * account, the donor's pledge page with where and how to pay, and cancelling. Exports
 * PledgesService for the offices recording money received against pledges.
 */
@Module({
  imports: [
    DonationRecordsModule,
    DonationProjectsModule,
    DonationAccountsModule,
    AuditTrailModule,
    FairsModule,
    CountiesModule,
    BuyerUnitLookupsModule,
  ],
  controllers: [PledgeFormController, PledgePagesController],
  providers: [PledgeCreationService, PledgesService, PledgePageService, PledgeFormLocals],
  exports: [PledgesService],
})
export class PledgesModule {}
