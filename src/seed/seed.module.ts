import { Module } from '@nestjs/common';
import { DemoSeeder } from './demo-seeder';

/** Demo data loading (at first start, and `npm run seed`). */
@Module({ providers: [DemoSeeder], exports: [DemoSeeder] })
export class SeedModule {}
