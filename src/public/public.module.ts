import { Module } from '@nestjs/common';
import { CountiesModule } from '../counties/counties.module';
import { ProductsModule } from '../products/products.module';
import { PublicController } from './public.controller';

/** The public, log-in-free pages. */
@Module({
  imports: [CountiesModule, ProductsModule],
  controllers: [PublicController],
})
export class PublicModule {}
