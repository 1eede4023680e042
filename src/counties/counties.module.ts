import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { FairsModule } from '../fairs/fairs.module';
import { CountiesController } from './counties.controller';
import { CountiesService } from './counties.service';
import { County } from './county.entity';

/** Counties (县区) and their readiness against the product minimum. */
@Module({
  imports: [TypeOrmModule.forFeature([County]), AuditModule, FairsModule],
  controllers: [CountiesController],
  providers: [CountiesService],
  exports: [CountiesService],
})
export class CountiesModule {}
