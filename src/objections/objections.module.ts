import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit/audit-trail.module';
import { DonationPublicModule } from '../donations/public/donation-public.module';
import { FairsModule } from '../fairs/fairs.module';
import { ProductsModule } from '../products/products.module';
import { AdminObjectionsController, ObjectionPageLocals } from './admin-objections.controller';
import { Objection } from './objection.entity';
import { ObjectionFormLocals, ObjectionsController } from './objections.controller';
import { ObjectionsService } from './objections.service';

/** 异议 (接受社会监督) about products, figures, 认领认捐 projects and donations: the public form, the organiser's queue with answers and closing, and the counts the public page shows. */
@Module({
  imports: [TypeOrmModule.forFeature([Objection]), ProductsModule, AuditTrailModule, FairsModule, DonationPublicModule],
  controllers: [ObjectionsController, AdminObjectionsController],
  providers: [ObjectionsService, ObjectionFormLocals, ObjectionPageLocals],
  exports: [ObjectionsService],
})
export class ObjectionsModule {}
