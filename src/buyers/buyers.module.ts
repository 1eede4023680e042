import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit/audit-trail.module';
import { AuthModule } from '../auth/auth.module';
import { BuyerUnitLookupsModule } from './buyer-unit-lookups.module';
import { BuyerUnit } from './buyer-unit.entity';
import { BuyerUnitsService } from './buyer-units.service';
import { BuyersAdminController } from './buyers-admin.controller';
import { RegistrationController } from './registration.controller';

/** 采购单位: self-registration, and the organiser's list where units are disabled. */
@Module({
  imports: [TypeOrmModule.forFeature([BuyerUnit]), AuthModule, AuditTrailModule, BuyerUnitLookupsModule],
  controllers: [RegistrationController, BuyersAdminController],
  providers: [BuyerUnitsService],
  exports: [BuyerUnitsService],
})
export class BuyersModule {}
