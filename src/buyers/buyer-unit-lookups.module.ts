import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BuyerUnit } from './buyer-unit.entity';
import { BuyerUnitLookupsService } from './buyer-unit-lookups.service';

/** Buyer-unit reads for other features, without BuyersModule's pages and their need of AuthModule. */
@Module({
  imports: [TypeOrmModule.forFeature([BuyerUnit])],
  providers: [BuyerUnitLookupsService],
  exports: [BuyerUnitLookupsService],
})
export class BuyerUnitLookupsModule {}
