import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../../audit/audit-trail.module';
import { CountiesModule } from '../../counties/counties.module';
import { FairsModule } from '../../fairs/fairs.module';
import { ProductsModule } from '../../products/products.module';
import { DonationRecordsModule } from '../donation-records.module';
import { CountyProjectsController, ProjectFormLocals, ProjectPageLocals } from './county-projects.controller';
import { ProjectQueueLocals, ProjectReviewController, ProjectReviewLocals } from './project-review.controller';
import { ProjectReviewService } from './project-review.service';
import { ProjectsService } from './projects.service';

/**
 * 认领认捐 projects: the county offices' pages (/county/projects) and the organiser's review
 * (/admin/projects). Exports ProjectsService for the other parts of the campaign (is a project
 * public, may it take a pledge, mark it claimed). Images go through the products' image
 * machinery (ProductImages), so they are re-encoded, stripped and served the same way.
 */
@Module({
  imports: [DonationRecordsModule, AuditTrailModule, FairsModule, CountiesModule, ProductsModule],
  controllers: [CountyProjectsController, ProjectReviewController],
  providers: [ProjectsService, ProjectReviewService, ProjectFormLocals, ProjectPageLocals, ProjectReviewLocals, ProjectQueueLocals],
  exports: [ProjectsService],
})
export class DonationProjectsModule {}
