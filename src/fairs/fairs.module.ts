import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit/audit-trail.module';
import { FairLayoutMiddleware } from './fair-layout.middleware';
import { FairListing } from './fair-listing.entity';
import { FairListingsService } from './fair-listings.service';
import { FairSettingsController } from './fair-settings.controller';
import { Fair } from './fair.entity';
import { FairsApiController } from './fairs-api.controller';
import { FairsService } from './fairs.service';

/** The fairs (editions), the current one, and each fair's listing of products. */
@Module({
  imports: [TypeOrmModule.forFeature([Fair, FairListing]), AuditTrailModule],
  controllers: [FairSettingsController, FairsApiController],
  providers: [FairsService, FairListingsService],
  exports: [FairsService, FairListingsService],
})
export class FairsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(FairLayoutMiddleware).forRoutes('*');
  }
}
