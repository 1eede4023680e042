import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SummaryFiles1796288932719 implements MigrationInterface {
  name = 'SummaryFiles1796288932719';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "summary_due_date" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "dueDate" date NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_summary_due_date_fair" ON "summary_due_date" ("fairId") `);
    await queryRunner.query(`CREATE TABLE "summary_file" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "countyId" integer NOT NULL, "kind" varchar(20) NOT NULL, "fileName" varchar(200) NOT NULL, "fileType" varchar(10) NOT NULL, "size" integer NOT NULL, "storageKey" varchar(64) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_summary_file_county" ON "summary_file" ("countyId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_summary_file_storage_key" ON "summary_file" ("storageKey") `);
    await queryRunner.query(`CREATE INDEX "IDX_summary_file_fair_county" ON "summary_file" ("fairId", "countyId") `);
    await queryRunner.query(`DROP INDEX "UQ_summary_due_date_fair"`);
    await queryRunner.query(`CREATE TABLE "temporary_summary_due_date" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "dueDate" date NOT NULL, CONSTRAINT "FK_ce0d09c94b52d96e79260ccd520" FOREIGN KEY ("fairId") REFERENCES "fair" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_summary_due_date"("id", "createdAt", "updatedAt", "fairId", "dueDate") SELECT "id", "createdAt", "updatedAt", "fairId", "dueDate" FROM "summary_due_date"`);
    await queryRunner.query(`DROP TABLE "summary_due_date"`);
    await queryRunner.query(`ALTER TABLE "temporary_summary_due_date" RENAME TO "summary_due_date"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_summary_due_date_fair" ON "summary_due_date" ("fairId") `);
    await queryRunner.query(`DROP INDEX "IDX_summary_file_county"`);
    await queryRunner.query(`DROP INDEX "UQ_summary_file_storage_key"`);
    await queryRunner.query(`DROP INDEX "IDX_summary_file_fair_county"`);
    await queryRunner.query(`CREATE TABLE "temporary_summary_file" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "countyId" integer NOT NULL, "kind" varchar(20) NOT NULL, "fileName" varchar(200) NOT NULL, "fileType" varchar(10) NOT NULL, "size" integer NOT NULL, "storageKey" varchar(64) NOT NULL, CONSTRAINT "FK_422ebcf0c9bb1035c91232c6587" FOREIGN KEY ("fairId") REFERENCES "fair" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_d786b83997f6493bbc0225203e0" FOREIGN KEY ("countyId") REFERENCES "county" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_summary_file"("id", "createdAt", "updatedAt", "fairId", "countyId", "kind", "fileName", "fileType", "size", "storageKey") SELECT "id", "createdAt", "updatedAt", "fairId", "countyId", "kind", "fileName", "fileType", "size", "storageKey" FROM "summary_file"`);
    await queryRunner.query(`DROP TABLE "summary_file"`);
    await queryRunner.query(`ALTER TABLE "temporary_summary_file" RENAME TO "summary_file"`);
    await queryRunner.query(`CREATE INDEX "IDX_summary_file_county" ON "summary_file" ("countyId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_summary_file_storage_key" ON "summary_file" ("storageKey") `);
    await queryRunner.query(`CREATE INDEX "IDX_summary_file_fair_county" ON "summary_file" ("fairId", "countyId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_summary_file_fair_county"`);
    await queryRunner.query(`DROP INDEX "UQ_summary_file_storage_key"`);
    await queryRunner.query(`DROP INDEX "IDX_summary_file_county"`);
    await queryRunner.query(`ALTER TABLE "summary_file" RENAME TO "temporary_summary_file"`);
    await queryRunner.query(`CREATE TABLE "summary_file" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "countyId" integer NOT NULL, "kind" varchar(20) NOT NULL, "fileName" varchar(200) NOT NULL, "fileType" varchar(10) NOT NULL, "size" integer NOT NULL, "storageKey" varchar(64) NOT NULL)`);
    await queryRunner.query(`INSERT INTO "summary_file"("id", "createdAt", "updatedAt", "fairId", "countyId", "kind", "fileName", "fileType", "size", "storageKey") SELECT "id", "createdAt", "updatedAt", "fairId", "countyId", "kind", "fileName", "fileType", "size", "storageKey" FROM "temporary_summary_file"`);
    await queryRunner.query(`DROP TABLE "temporary_summary_file"`);
    await queryRunner.query(`CREATE INDEX "IDX_summary_file_fair_county" ON "summary_file" ("fairId", "countyId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_summary_file_storage_key" ON "summary_file" ("storageKey") `);
    await queryRunner.query(`CREATE INDEX "IDX_summary_file_county" ON "summary_file" ("countyId") `);
    await queryRunner.query(`DROP INDEX "UQ_summary_due_date_fair"`);
    await queryRunner.query(`ALTER TABLE "summary_due_date" RENAME TO "temporary_summary_due_date"`);
    await queryRunner.query(`CREATE TABLE "summary_due_date" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "dueDate" date NOT NULL)`);
    await queryRunner.query(`INSERT INTO "summary_due_date"("id", "createdAt", "updatedAt", "fairId", "dueDate") SELECT "id", "createdAt", "updatedAt", "fairId", "dueDate" FROM "temporary_summary_due_date"`);
    await queryRunner.query(`DROP TABLE "temporary_summary_due_date"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_summary_due_date_fair" ON "summary_due_date" ("fairId") `);
    await queryRunner.query(`DROP INDEX "IDX_summary_file_fair_county"`);
    await queryRunner.query(`DROP INDEX "UQ_summary_file_storage_key"`);
    await queryRunner.query(`DROP INDEX "IDX_summary_file_county"`);
    await queryRunner.query(`DROP TABLE "summary_file"`);
    await queryRunner.query(`DROP INDEX "UQ_summary_due_date_fair"`);
    await queryRunner.query(`DROP TABLE "summary_due_date"`);
  }
}
