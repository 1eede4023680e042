import { Module } from '@nestjs/common';
import { CountiesModule } from '../../counties/counties.module';
import { FairsModule } from '../../fairs/fairs.module';
import { DonationsApiController } from '../api/donations-api.controller';
import { DonationRecordsModule } from '../donation-records.module';
import { DonationsGongshiController } from './donations-gongshi.controller';
import { PublicDonationsService } from './public-donations.service';
import { PublicProjectsController } from './public-projects.controller';
import { PublicProjectsService } from './public-projects.service';

/**
 * The public side of 认领认捐, open without logging in: the city and county pages, the
 * project page, 捐赠公示 and the JSON API. Read-only; exports its services so that the
 * objection channel can check that a project or a donation it is told about is public.
 */
@Module({
  imports: [DonationRecordsModule, CountiesModule, FairsModule],
  controllers: [PublicProjectsController, DonationsGongshiController, DonationsApiController],
  providers: [PublicProjectsService, PublicDonationsService],
  exports: [PublicProjectsService, PublicDonationsService],
})
export class DonationPublicModule {}
