import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BuyerUnit } from './buyer-unit.entity';
import { BuyerUnitLookupsService } from './buyer-unit-lookups.service';
import { RegistrationHooks } from './registration-hooks';

/** Buyer-unit reads and registration hooks for other features, without BuyersModule's pages and their need of AuthModule. */
@Module({
  imports: [TypeOrmModule.forFeature([BuyerUnit])],
  providers: [BuyerUnitLookupsService, RegistrationHooks],
  exports: [BuyerUnitLookupsService, RegistrationHooks],
})
export class BuyerUnitLookupsModule {}
