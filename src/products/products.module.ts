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
import { ProductImportService } from './import/product-import.service';
import { SheetImportModule } from './import/sheet-import.module';
import { Product } from './product.entity';
import { ProductsService } from './products.service';
import { ReviewController, ReviewFormLocals } from './review.controller';

/** 扶贫产品: listings, their review, images, the county operators' pages and their Excel import. */
@Module({
  imports: [TypeOrmModule.forFeature([Product]), CountiesModule, FairsModule, IntentFiguresModule, AuditModule, SheetImportModule],
  controllers: [CountyProductsController, ReviewController, ImagesController, ImportController],
  providers: [ProductsService, ImageStorage, ProductFormLocals, ReviewFormLocals, ProductImportService, ImportPageLocals],
  exports: [ProductsService, ImageStorage],
})
export class ProductsModule {}
