import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CountiesModule } from '../counties/counties.module';
import { FairsModule } from '../fairs/fairs.module';
import { IntentFiguresModule } from '../intents/intent-figures.module';
import { CountyProductsController, ProductFormLocals } from './county-products.controller';
import { ImageStorage } from './image-storage';
import { ImagesController } from './images.controller';
import { ImportController, ImportPageLocals } from './import/import.controller';
import { ImportFileStore } from './import/import-file-store';
import { ImportParseQueue } from './import/import-parse-queue';
import { CountyListingController } from './listing/county-listing.controller';
import { CountyListingService } from './listing/county-listing.service';
import { ProductImportService } from './import/product-import.service';
import { Product } from './product.entity';
import { ProductsService } from './products.service';
import { ReviewController, ReviewFormLocals } from './review.controller';

/** 扶贫产品: listings, their review, images, the county operators' pages and their Excel import. */
@Module({
  imports: [TypeOrmModule.forFeature([Product]), CountiesModule, FairsModule, IntentFiguresModule, AuditModule],
  controllers: [CountyProductsController, ReviewController, ImagesController, ImportController, CountyListingController],
  providers: [
    ProductsService,
    ImageStorage,
    ProductFormLocals,
    ReviewFormLocals,
    ProductImportService,
    ImportFileStore,
    ImportParseQueue,
    ImportPageLocals,
    CountyListingService,
  ],
  exports: [ProductsService, ImageStorage],
})
export class ProductsModule {}
