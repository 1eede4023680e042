import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Intent } from './intent.entity';
import { IntentLine } from './intent-line.entity';
import { IntentsService } from './intents.service';
import { AdminIntentsController } from './admin-intents.controller';
import { MyIntentsController } from './my-intents.controller';

/** 采购意向: buyer units' purchase intents and their lines. */
@Module({
  imports: [TypeOrmModule.forFeature([Intent, IntentLine])],
  controllers: [MyIntentsController, AdminIntentsController],
  providers: [IntentsService],
  exports: [IntentsService],
})
export class IntentsModule {}
