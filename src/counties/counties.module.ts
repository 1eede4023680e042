import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit/audit-trail.module';
import { FairsModule } from '../fairs/fairs.module';
import { CountiesController } from './counties.controller';
import { CountiesService } from './counties.service';
import { County } from './county.entity';

/** Counties (县区) and their readiness against the product minimum. */
@Module({
  imports: [TypeOrmModule.forFeature([County]), AuditTrailModule, FairsModule],
  controllers: [CountiesController],
  providers: [CountiesService],
  exports: [CountiesService],
})
export class CountiesModule {}
