import { Module } from '@nestjs/common';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { BlobStore } from './blob-store';
import { DatabaseBlobStore } from './database-blob-store';
import { FolderBlobStore } from './folder-blob-store';
import { StoredBlob } from './stored-blob.entity';

/** Where uploaded bytes live: the one BlobStore that FILE_STORAGE chooses (a database table or DATA_DIR). */
@Module({
  imports: [TypeOrmModule.forFeature([StoredBlob])],
  providers: [
    {
      provide: BlobStore,
      inject: [AppConfig, getRepositoryToken(StoredBlob)],
      useFactory: (config: AppConfig, repo: Repository<StoredBlob>): BlobStore =>
        config.fileStorage === 'database' ? new DatabaseBlobStore(repo) : new FolderBlobStore(config),
    },
  ],
  exports: [BlobStore],
})
export class StorageModule {}
