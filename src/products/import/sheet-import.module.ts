import { Module } from '@nestjs/common';
import { StorageModule } from '../../storage/storage.module';
import { ImportFileStore } from './import-file-store';
import { ImportParseQueue } from './import-parse-queue';

/**
 * The Excel import's shared machinery: one parse queue (one worker) per instance, whatever
 * sheet is uploaded (products, targets), and the store of validated rows awaiting confirmation.
 */
@Module({
  imports: [StorageModule],
  providers: [ImportParseQueue, ImportFileStore],
  exports: [ImportParseQueue, ImportFileStore],
})
export class SheetImportModule {}
