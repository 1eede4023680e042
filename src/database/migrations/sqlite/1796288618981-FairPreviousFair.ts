import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FairPreviousFair1796288618981 implements MigrationInterface {
  name = 'FairPreviousFair1796288618981';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_fair_current"`);
    await queryRunner.query(`CREATE TABLE "temporary_fair" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "name" varchar(100) NOT NULL, "date" date NOT NULL, "venue" varchar(200), "intentDeadline" datetime, "minimumProducts" integer NOT NULL DEFAULT (20), "status" varchar(20) NOT NULL DEFAULT ('preparing'), "current" boolean, "previousFairId" integer)`);
    await queryRunner.query(`INSERT INTO "temporary_fair"("id", "createdAt", "updatedAt", "name", "date", "venue", "intentDeadline", "minimumProducts", "status", "current") SELECT "id", "createdAt", "updatedAt", "name", "date", "venue", "intentDeadline", "minimumProducts", "status", "current" FROM "fair"`);
    await queryRunner.query(`DROP TABLE "fair"`);
    await queryRunner.query(`ALTER TABLE "temporary_fair" RENAME TO "fair"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_current" ON "fair" ("current") `);
    await queryRunner.query(`DROP INDEX "UQ_fair_current"`);
    await queryRunner.query(`CREATE TABLE "temporary_fair" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "name" varchar(100) NOT NULL, "date" date NOT NULL, "venue" varchar(200), "intentDeadline" datetime, "minimumProducts" integer NOT NULL DEFAULT (20), "status" varchar(20) NOT NULL DEFAULT ('preparing'), "current" boolean, "previousFairId" integer, CONSTRAINT "FK_cd88a40fb4fa9ccfa2bdea85b6a" FOREIGN KEY ("previousFairId") REFERENCES "fair" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_fair"("id", "createdAt", "updatedAt", "name", "date", "venue", "intentDeadline", "minimumProducts", "status", "current", "previousFairId") SELECT "id", "createdAt", "updatedAt", "name", "date", "venue", "intentDeadline", "minimumProducts", "status", "current", "previousFairId" FROM "fair"`);
    await queryRunner.query(`DROP TABLE "fair"`);
    await queryRunner.query(`ALTER TABLE "temporary_fair" RENAME TO "fair"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_current" ON "fair" ("current") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_fair_current"`);
    await queryRunner.query(`ALTER TABLE "fair" RENAME TO "temporary_fair"`);
    await queryRunner.query(`CREATE TABLE "fair" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "name" varchar(100) NOT NULL, "date" date NOT NULL, "venue" varchar(200), "intentDeadline" datetime, "minimumProducts" integer NOT NULL DEFAULT (20), "status" varchar(20) NOT NULL DEFAULT ('preparing'), "current" boolean, "previousFairId" integer)`);
    await queryRunner.query(`INSERT INTO "fair"("id", "createdAt", "updatedAt", "name", "date", "venue", "intentDeadline", "minimumProducts", "status", "current", "previousFairId") SELECT "id", "createdAt", "updatedAt", "name", "date", "venue", "intentDeadline", "minimumProducts", "status", "current", "previousFairId" FROM "temporary_fair"`);
    await queryRunner.query(`DROP TABLE "temporary_fair"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_current" ON "fair" ("current") `);
    await queryRunner.query(`DROP INDEX "UQ_fair_current"`);
    await queryRunner.query(`ALTER TABLE "fair" RENAME TO "temporary_fair"`);
    await queryRunner.query(`CREATE TABLE "fair" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "name" varchar(100) NOT NULL, "date" date NOT NULL, "venue" varchar(200), "intentDeadline" datetime, "minimumProducts" integer NOT NULL DEFAULT (20), "status" varchar(20) NOT NULL DEFAULT ('preparing'), "current" boolean)`);
    await queryRunner.query(`INSERT INTO "fair"("id", "createdAt", "updatedAt", "name", "date", "venue", "intentDeadline", "minimumProducts", "status", "current") SELECT "id", "createdAt", "updatedAt", "name", "date", "venue", "intentDeadline", "minimumProducts", "status", "current" FROM "temporary_fair"`);
    await queryRunner.query(`DROP TABLE "temporary_fair"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_current" ON "fair" ("current") `);
  }
}
