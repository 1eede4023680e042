import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { BuyerUnitLookupsModule } from '../buyers/buyer-unit-lookups.module';
import { CountiesModule } from '../counties/counties.module';
import { IntentFiguresModule } from '../intents/intent-figures.module';
import { IntentsModule } from '../intents/intents.module';
import { ProductsModule } from '../products/products.module';
import { AuditLog } from './audit-log.entity';
import { AuditLogReader } from './audit-log-reader.service';
import { AuditRecordNames } from './audit-record-names.service';
import { AuditController } from './audit.controller';

/**
 * The organiser's audit-log page (/admin/audit): its queries over the log, the labels that make
 * entries readable, and the features whose services name the records the entries mention.
 * Apart from AuditTrailModule, which every feature imports to write.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AuditLog]),
    ProductsModule,
    IntentsModule,
    IntentFiguresModule,
    BuyerUnitLookupsModule,
    CountiesModule,
    AuthModule,
  ],
  controllers: [AuditController],
  providers: [AuditLogReader, AuditRecordNames],
})
export class AuditPageModule {}
