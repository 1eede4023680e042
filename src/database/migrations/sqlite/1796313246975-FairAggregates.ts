import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildFairAggregates } from '../fair-aggregates-data';

/** The fair aggregates (see FairAggregatesService), backfilled from the intent lines. */
export class FairAggregates1796313246975 implements MigrationInterface {
  name = 'FairAggregates1796313246975';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "fair_county_type_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "countyId" integer NOT NULL, "buyerType" varchar(20) NOT NULL, "intents" integer NOT NULL DEFAULT (0), "buyerUnits" integer NOT NULL DEFAULT (0), "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_county_type_total_key" ON "fair_county_type_total" ("fairId", "countyId", "buyerType") `);
    await queryRunner.query(`CREATE TABLE "fair_product_type_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "productId" integer NOT NULL, "buyerType" varchar(20) NOT NULL, "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0))`);
    await queryRunner.query(`CREATE INDEX "IDX_fair_product_type_total_product" ON "fair_product_type_total" ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_product_type_total_key" ON "fair_product_type_total" ("fairId", "productId", "buyerType") `);
    await queryRunner.query(`CREATE TABLE "fair_type_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "buyerType" varchar(20) NOT NULL, "intents" integer NOT NULL DEFAULT (0), "buyerUnits" integer NOT NULL DEFAULT (0), "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_type_total_fair_type" ON "fair_type_total" ("fairId", "buyerType") `);
    await queryRunner.query(`CREATE TABLE "fair_unit_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "buyerUnitId" integer NOT NULL, "intents" integer NOT NULL DEFAULT (0), "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0))`);
    await queryRunner.query(`CREATE INDEX "IDX_fair_unit_total_buyer_unit" ON "fair_unit_total" ("buyerUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_fair_unit_total_ranking" ON "fair_unit_total" ("fairId", "intendedFen") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_unit_total_fair_unit" ON "fair_unit_total" ("fairId", "buyerUnitId") `);
    await queryRunner.query(`DROP INDEX "UQ_fair_county_type_total_key"`);
    await queryRunner.query(`CREATE TABLE "temporary_fair_county_type_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "countyId" integer NOT NULL, "buyerType" varchar(20) NOT NULL, "intents" integer NOT NULL DEFAULT (0), "buyerUnits" integer NOT NULL DEFAULT (0), "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0), CONSTRAINT "FK_1410eac5cb1cf2c8b9ba500627d" FOREIGN KEY ("fairId") REFERENCES "fair" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_f0f4556444b4cd027fde3d435b5" FOREIGN KEY ("countyId") REFERENCES "county" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_fair_county_type_total"("id", "createdAt", "updatedAt", "fairId", "countyId", "buyerType", "intents", "buyerUnits", "quantity", "intendedFen", "signedFen", "deliveredFen") SELECT "id", "createdAt", "updatedAt", "fairId", "countyId", "buyerType", "intents", "buyerUnits", "quantity", "intendedFen", "signedFen", "deliveredFen" FROM "fair_county_type_total"`);
    await queryRunner.query(`DROP TABLE "fair_county_type_total"`);
    await queryRunner.query(`ALTER TABLE "temporary_fair_county_type_total" RENAME TO "fair_county_type_total"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_county_type_total_key" ON "fair_county_type_total" ("fairId", "countyId", "buyerType") `);
    await queryRunner.query(`DROP INDEX "IDX_fair_product_type_total_product"`);
    await queryRunner.query(`DROP INDEX "UQ_fair_product_type_total_key"`);
    await queryRunner.query(`CREATE TABLE "temporary_fair_product_type_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "productId" integer NOT NULL, "buyerType" varchar(20) NOT NULL, "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0), CONSTRAINT "FK_50aa4f8ecc0499413ee6d076d7f" FOREIGN KEY ("fairId") REFERENCES "fair" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_79f957ce9c9b71a02db44e4f5f8" FOREIGN KEY ("productId") REFERENCES "product" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_fair_product_type_total"("id", "createdAt", "updatedAt", "fairId", "productId", "buyerType", "quantity", "intendedFen", "signedFen", "deliveredFen") SELECT "id", "createdAt", "updatedAt", "fairId", "productId", "buyerType", "quantity", "intendedFen", "signedFen", "deliveredFen" FROM "fair_product_type_total"`);
    await queryRunner.query(`DROP TABLE "fair_product_type_total"`);
    await queryRunner.query(`ALTER TABLE "temporary_fair_product_type_total" RENAME TO "fair_product_type_total"`);
    await queryRunner.query(`CREATE INDEX "IDX_fair_product_type_total_product" ON "fair_product_type_total" ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_product_type_total_key" ON "fair_product_type_total" ("fairId", "productId", "buyerType") `);
    await queryRunner.query(`DROP INDEX "UQ_fair_type_total_fair_type"`);
    await queryRunner.query(`CREATE TABLE "temporary_fair_type_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "buyerType" varchar(20) NOT NULL, "intents" integer NOT NULL DEFAULT (0), "buyerUnits" integer NOT NULL DEFAULT (0), "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0), CONSTRAINT "FK_d02038bd21fe54f960b62a9b6b8" FOREIGN KEY ("fairId") REFERENCES "fair" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_fair_type_total"("id", "createdAt", "updatedAt", "fairId", "buyerType", "intents", "buyerUnits", "quantity", "intendedFen", "signedFen", "deliveredFen") SELECT "id", "createdAt", "updatedAt", "fairId", "buyerType", "intents", "buyerUnits", "quantity", "intendedFen", "signedFen", "deliveredFen" FROM "fair_type_total"`);
    await queryRunner.query(`DROP TABLE "fair_type_total"`);
    await queryRunner.query(`ALTER TABLE "temporary_fair_type_total" RENAME TO "fair_type_total"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_type_total_fair_type" ON "fair_type_total" ("fairId", "buyerType") `);
    await queryRunner.query(`DROP INDEX "IDX_fair_unit_total_buyer_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_fair_unit_total_ranking"`);
    await queryRunner.query(`DROP INDEX "UQ_fair_unit_total_fair_unit"`);
    await queryRunner.query(`CREATE TABLE "temporary_fair_unit_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "buyerUnitId" integer NOT NULL, "intents" integer NOT NULL DEFAULT (0), "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0), CONSTRAINT "FK_4440300c85f2052d398d423c76a" FOREIGN KEY ("fairId") REFERENCES "fair" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_6e1b8f48a970cb956ae24ec392a" FOREIGN KEY ("buyerUnitId") REFERENCES "buyer_unit" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_fair_unit_total"("id", "createdAt", "updatedAt", "fairId", "buyerUnitId", "intents", "quantity", "intendedFen", "signedFen", "deliveredFen") SELECT "id", "createdAt", "updatedAt", "fairId", "buyerUnitId", "intents", "quantity", "intendedFen", "signedFen", "deliveredFen" FROM "fair_unit_total"`);
    await queryRunner.query(`DROP TABLE "fair_unit_total"`);
    await queryRunner.query(`ALTER TABLE "temporary_fair_unit_total" RENAME TO "fair_unit_total"`);
    await queryRunner.query(`CREATE INDEX "IDX_fair_unit_total_buyer_unit" ON "fair_unit_total" ("buyerUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_fair_unit_total_ranking" ON "fair_unit_total" ("fairId", "intendedFen") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_unit_total_fair_unit" ON "fair_unit_total" ("fairId", "buyerUnitId") `);
    await rebuildFairAggregates(queryRunner, false);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_fair_unit_total_fair_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_fair_unit_total_ranking"`);
    await queryRunner.query(`DROP INDEX "IDX_fair_unit_total_buyer_unit"`);
    await queryRunner.query(`ALTER TABLE "fair_unit_total" RENAME TO "temporary_fair_unit_total"`);
    await queryRunner.query(`CREATE TABLE "fair_unit_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "buyerUnitId" integer NOT NULL, "intents" integer NOT NULL DEFAULT (0), "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0))`);
    await queryRunner.query(`INSERT INTO "fair_unit_total"("id", "createdAt", "updatedAt", "fairId", "buyerUnitId", "intents", "quantity", "intendedFen", "signedFen", "deliveredFen") SELECT "id", "createdAt", "updatedAt", "fairId", "buyerUnitId", "intents", "quantity", "intendedFen", "signedFen", "deliveredFen" FROM "temporary_fair_unit_total"`);
    await queryRunner.query(`DROP TABLE "temporary_fair_unit_total"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_unit_total_fair_unit" ON "fair_unit_total" ("fairId", "buyerUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_fair_unit_total_ranking" ON "fair_unit_total" ("fairId", "intendedFen") `);
    await queryRunner.query(`CREATE INDEX "IDX_fair_unit_total_buyer_unit" ON "fair_unit_total" ("buyerUnitId") `);
    await queryRunner.query(`DROP INDEX "UQ_fair_type_total_fair_type"`);
    await queryRunner.query(`ALTER TABLE "fair_type_total" RENAME TO "temporary_fair_type_total"`);
    await queryRunner.query(`CREATE TABLE "fair_type_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "buyerType" varchar(20) NOT NULL, "intents" integer NOT NULL DEFAULT (0), "buyerUnits" integer NOT NULL DEFAULT (0), "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0))`);
    await queryRunner.query(`INSERT INTO "fair_type_total"("id", "createdAt", "updatedAt", "fairId", "buyerType", "intents", "buyerUnits", "quantity", "intendedFen", "signedFen", "deliveredFen") SELECT "id", "createdAt", "updatedAt", "fairId", "buyerType", "intents", "buyerUnits", "quantity", "intendedFen", "signedFen", "deliveredFen" FROM "temporary_fair_type_total"`);
    await queryRunner.query(`DROP TABLE "temporary_fair_type_total"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_type_total_fair_type" ON "fair_type_total" ("fairId", "buyerType") `);
    await queryRunner.query(`DROP INDEX "UQ_fair_product_type_total_key"`);
    await queryRunner.query(`DROP INDEX "IDX_fair_product_type_total_product"`);
    await queryRunner.query(`ALTER TABLE "fair_product_type_total" RENAME TO "temporary_fair_product_type_total"`);
    await queryRunner.query(`CREATE TABLE "fair_product_type_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "productId" integer NOT NULL, "buyerType" varchar(20) NOT NULL, "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0))`);
    await queryRunner.query(`INSERT INTO "fair_product_type_total"("id", "createdAt", "updatedAt", "fairId", "productId", "buyerType", "quantity", "intendedFen", "signedFen", "deliveredFen") SELECT "id", "createdAt", "updatedAt", "fairId", "productId", "buyerType", "quantity", "intendedFen", "signedFen", "deliveredFen" FROM "temporary_fair_product_type_total"`);
    await queryRunner.query(`DROP TABLE "temporary_fair_product_type_total"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_product_type_total_key" ON "fair_product_type_total" ("fairId", "productId", "buyerType") `);
    await queryRunner.query(`CREATE INDEX "IDX_fair_product_type_total_product" ON "fair_product_type_total" ("productId") `);
    await queryRunner.query(`DROP INDEX "UQ_fair_county_type_total_key"`);
    await queryRunner.query(`ALTER TABLE "fair_county_type_total" RENAME TO "temporary_fair_county_type_total"`);
    await queryRunner.query(`CREATE TABLE "fair_county_type_total" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "countyId" integer NOT NULL, "buyerType" varchar(20) NOT NULL, "intents" integer NOT NULL DEFAULT (0), "buyerUnits" integer NOT NULL DEFAULT (0), "quantity" bigint NOT NULL DEFAULT (0), "intendedFen" bigint NOT NULL DEFAULT (0), "signedFen" bigint NOT NULL DEFAULT (0), "deliveredFen" bigint NOT NULL DEFAULT (0))`);
    await queryRunner.query(`INSERT INTO "fair_county_type_total"("id", "createdAt", "updatedAt", "fairId", "countyId", "buyerType", "intents", "buyerUnits", "quantity", "intendedFen", "signedFen", "deliveredFen") SELECT "id", "createdAt", "updatedAt", "fairId", "countyId", "buyerType", "intents", "buyerUnits", "quantity", "intendedFen", "signedFen", "deliveredFen" FROM "temporary_fair_county_type_total"`);
    await queryRunner.query(`DROP TABLE "temporary_fair_county_type_total"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_county_type_total_key" ON "fair_county_type_total" ("fairId", "countyId", "buyerType") `);
    await queryRunner.query(`DROP INDEX "UQ_fair_unit_total_fair_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_fair_unit_total_ranking"`);
    await queryRunner.query(`DROP INDEX "IDX_fair_unit_total_buyer_unit"`);
    await queryRunner.query(`DROP TABLE "fair_unit_total"`);
    await queryRunner.query(`DROP INDEX "UQ_fair_type_total_fair_type"`);
    await queryRunner.query(`DROP TABLE "fair_type_total"`);
    await queryRunner.query(`DROP INDEX "UQ_fair_product_type_total_key"`);
    await queryRunner.query(`DROP INDEX "IDX_fair_product_type_total_product"`);
    await queryRunner.query(`DROP TABLE "fair_product_type_total"`);
    await queryRunner.query(`DROP INDEX "UQ_fair_county_type_total_key"`);
    await queryRunner.query(`DROP TABLE "fair_county_type_total"`);
  }
}
