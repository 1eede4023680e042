import { Module } from '@nestjs/common';
import { ProductsModule } from '../products/products.module';
import { DemoSeeder } from './demo-seeder';

/** Demo data loading (at first start, and `npm run seed`). */
@Module({ imports: [ProductsModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class SeedModule {}
