import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CountiesModule } from '../counties/counties.module';
import { CountyProductsController, ProductFormLocals } from './county-products.controller';
import { ImageStorage } from './image-storage';
import { ImagesController } from './images.controller';
import { Product } from './product.entity';
import { ProductsService } from './products.service';
import { ReviewController, ReviewFormLocals } from './review.controller';

/** 扶贫产品: listings, their review, images and the county operators' pages. */
@Module({
  imports: [TypeOrmModule.forFeature([Product]), CountiesModule],
  controllers: [CountyProductsController, ReviewController, ImagesController],
  providers: [ProductsService, ImageStorage, ProductFormLocals, ReviewFormLocals],
  exports: [ProductsService, ImageStorage],
})
export class ProductsModule {}
