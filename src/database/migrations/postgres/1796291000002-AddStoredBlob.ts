import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddStoredBlob1796291000002 implements MigrationInterface {
  name = 'AddStoredBlob1796291000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "stored_blob" ("namespace" character varying(20) NOT NULL, "key" character varying(100) NOT NULL, "bytes" bytea NOT NULL, "size" integer NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5e2da98791b36b995bcef718ac2" PRIMARY KEY ("namespace", "key"))`);
    await queryRunner.query(`CREATE INDEX "IDX_stored_blob_namespace_created" ON "stored_blob"  ("namespace", "createdAt") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_stored_blob_namespace_created"`);
    await queryRunner.query(`DROP TABLE "stored_blob"`);
  }
}
