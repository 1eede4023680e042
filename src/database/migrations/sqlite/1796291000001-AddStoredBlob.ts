import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddStoredBlob1796291000001 implements MigrationInterface {
  name = 'AddStoredBlob1796291000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "stored_blob" ("namespace" varchar(20) NOT NULL, "key" varchar(100) NOT NULL, "bytes" blob NOT NULL, "size" integer NOT NULL, "createdAt" datetime NOT NULL, PRIMARY KEY ("namespace", "key"))`);
    await queryRunner.query(`CREATE INDEX "IDX_stored_blob_namespace_created" ON "stored_blob" ("namespace", "createdAt") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_stored_blob_namespace_created"`);
    await queryRunner.query(`DROP TABLE "stored_blob"`);
  }
}
