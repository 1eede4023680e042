import { Module } from '@nestjs/common';
import { CountiesModule } from '../counties/counties.module';
import { FairsModule } from '../fairs/fairs.module';
import { CatalogueApiController } from './catalogue-api.controller';
import { CataloguePageCache } from './catalogue-page-cache';
import { CatalogueController } from './catalogue.controller';
import { CatalogueService } from './catalogue.service';

/** The public catalogue (no log-in): its pages, its read-only JSON API and its search. */
@Module({
  imports: [CountiesModule, FairsModule],
  controllers: [CatalogueController, CatalogueApiController],
  providers: [CatalogueService, CataloguePageCache],
})
export class CatalogueModule {}
