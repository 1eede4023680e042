import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit/audit-trail.module';
import { CountiesModule } from '../counties/counties.module';
import { FairsModule } from '../fairs/fairs.module';
import { IntentFiguresModule } from '../intents/intent-figures.module';
import { CountyProductsController, ProductFormLocals, ProductPageLocals } from './county-products.controller';
import { StorageModule } from '../storage/storage.module';
import { ImageStorage } from './image-storage';
import { ImagesController } from './images.controller';
import { ImportController, ImportPageLocals } from './import/import.controller';
import { CountyListingController } from './listing/county-listing.controller';
import { CountyListingService } from './listing/county-listing.service';
import { ProductImportService } from './import/product-import.service';
import { SheetImportModule } from './import/sheet-import.module';
import { Product } from './product.entity';
import { ProductImages } from './product-images';
import { ProductsService } from './products.service';
import { ProductListsService } from './product-lists.service';
import { ProductReviewService } from './product-review.service';
import { ReviewController, ReviewFormLocals, ReviewQueueLocals } from './review.controller';

/** 扶贫产品: listings, their review, images, the county operators' pages and their Excel import. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Product]),
    CountiesModule,
    FairsModule,
    IntentFiguresModule,
    AuditTrailModule,
    SheetImportModule,
    StorageModule,
  ],
  controllers: [CountyProductsController, ReviewController, ImagesController, ImportController, CountyListingController],
  providers: [
    ProductsService,
    ImageStorage,
    ProductImages,
    ProductFormLocals,
    ProductPageLocals,
    ReviewFormLocals,
    ReviewQueueLocals,
    ProductReviewService,
    ProductListsService,
    ProductImportService,
    ImportPageLocals,
    CountyListingService,
  ],
  exports: [ProductsService, ProductListsService, ImageStorage, ProductImages],
})
export class ProductsModule {}
