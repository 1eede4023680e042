import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CountiesModule } from '../counties/counties.module';
import { CountyProductsController } from './county-products.controller';
import { Product } from './product.entity';
import { ProductsService } from './products.service';

/** 扶贫产品: listings, their review, and the county operators' pages. */
@Module({
  imports: [TypeOrmModule.forFeature([Product]), CountiesModule],
  controllers: [CountyProductsController],
  providers: [ProductsService],
  exports: [ProductsService],
})
export class ProductsModule {}
