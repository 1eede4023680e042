import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TieVisitorListToSession1796276967518 implements MigrationInterface {
  name = 'TieVisitorListToSession1796276967518';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Written by hand: visitors' lists were keyed by a random key inside the session data, which
    // no session row can be matched to, so they go (a visitor's list is a convenience before
    // log-in; units' lists are kept).
    await queryRunner.query(`DELETE FROM "intent_list_item" WHERE "visitorKey" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "UQ_intent_list_visitor_product"`);
    await queryRunner.query(`DROP INDEX "UQ_intent_list_unit_product"`);
    await queryRunner.query(`DROP INDEX "IDX_intent_list_product"`);
    await queryRunner.query(`CREATE TABLE "temporary_intent_list_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "buyerUnitId" integer, "visitorSessionId" varchar(64), "productId" integer NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "FK_3cd3c17126e785a194f69080d15" FOREIGN KEY ("productId") REFERENCES "product" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_intent_list_item"("id", "createdAt", "updatedAt", "buyerUnitId", "visitorSessionId", "productId", "quantity") SELECT "id", "createdAt", "updatedAt", "buyerUnitId", "visitorKey", "productId", "quantity" FROM "intent_list_item"`);
    await queryRunner.query(`DROP TABLE "intent_list_item"`);
    await queryRunner.query(`ALTER TABLE "temporary_intent_list_item" RENAME TO "intent_list_item"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_unit_product" ON "intent_list_item" ("buyerUnitId", "productId") `);
    await queryRunner.query(`CREATE INDEX "IDX_intent_list_product" ON "intent_list_item" ("productId") `);
    await queryRunner.query(`DROP INDEX "UQ_intent_list_unit_product"`);
    await queryRunner.query(`DROP INDEX "IDX_intent_list_product"`);
    await queryRunner.query(`CREATE TABLE "temporary_intent_list_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "buyerUnitId" integer, "visitorSessionId" varchar(128), "productId" integer NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "FK_3cd3c17126e785a194f69080d15" FOREIGN KEY ("productId") REFERENCES "product" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_intent_list_item"("id", "createdAt", "updatedAt", "buyerUnitId", "visitorSessionId", "productId", "quantity") SELECT "id", "createdAt", "updatedAt", "buyerUnitId", "visitorSessionId", "productId", "quantity" FROM "intent_list_item"`);
    await queryRunner.query(`DROP TABLE "intent_list_item"`);
    await queryRunner.query(`ALTER TABLE "temporary_intent_list_item" RENAME TO "intent_list_item"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_unit_product" ON "intent_list_item" ("buyerUnitId", "productId") `);
    await queryRunner.query(`CREATE INDEX "IDX_intent_list_product" ON "intent_list_item" ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_visitor_product" ON "intent_list_item" ("visitorSessionId", "productId") `);
    await queryRunner.query(`DROP INDEX "UQ_intent_list_unit_product"`);
    await queryRunner.query(`DROP INDEX "IDX_intent_list_product"`);
    await queryRunner.query(`DROP INDEX "UQ_intent_list_visitor_product"`);
    await queryRunner.query(`CREATE TABLE "temporary_intent_list_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "buyerUnitId" integer, "visitorSessionId" varchar(128), "productId" integer NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "FK_3cd3c17126e785a194f69080d15" FOREIGN KEY ("productId") REFERENCES "product" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_103f09592a644567e78db90d5e8" FOREIGN KEY ("visitorSessionId") REFERENCES "session" ("sid") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_intent_list_item"("id", "createdAt", "updatedAt", "buyerUnitId", "visitorSessionId", "productId", "quantity") SELECT "id", "createdAt", "updatedAt", "buyerUnitId", "visitorSessionId", "productId", "quantity" FROM "intent_list_item"`);
    await queryRunner.query(`DROP TABLE "intent_list_item"`);
    await queryRunner.query(`ALTER TABLE "temporary_intent_list_item" RENAME TO "intent_list_item"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_unit_product" ON "intent_list_item" ("buyerUnitId", "productId") `);
    await queryRunner.query(`CREATE INDEX "IDX_intent_list_product" ON "intent_list_item" ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_visitor_product" ON "intent_list_item" ("visitorSessionId", "productId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Written by hand: the old random keys cannot be restored.
    await queryRunner.query(`DELETE FROM "intent_list_item" WHERE "visitorSessionId" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "UQ_intent_list_visitor_product"`);
    await queryRunner.query(`DROP INDEX "IDX_intent_list_product"`);
    await queryRunner.query(`DROP INDEX "UQ_intent_list_unit_product"`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" RENAME TO "temporary_intent_list_item"`);
    await queryRunner.query(`CREATE TABLE "intent_list_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "buyerUnitId" integer, "visitorSessionId" varchar(128), "productId" integer NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "FK_3cd3c17126e785a194f69080d15" FOREIGN KEY ("productId") REFERENCES "product" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "intent_list_item"("id", "createdAt", "updatedAt", "buyerUnitId", "visitorSessionId", "productId", "quantity") SELECT "id", "createdAt", "updatedAt", "buyerUnitId", "visitorSessionId", "productId", "quantity" FROM "temporary_intent_list_item"`);
    await queryRunner.query(`DROP TABLE "temporary_intent_list_item"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_visitor_product" ON "intent_list_item" ("visitorSessionId", "productId") `);
    await queryRunner.query(`CREATE INDEX "IDX_intent_list_product" ON "intent_list_item" ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_unit_product" ON "intent_list_item" ("buyerUnitId", "productId") `);
    await queryRunner.query(`DROP INDEX "UQ_intent_list_visitor_product"`);
    await queryRunner.query(`DROP INDEX "IDX_intent_list_product"`);
    await queryRunner.query(`DROP INDEX "UQ_intent_list_unit_product"`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" RENAME TO "temporary_intent_list_item"`);
    await queryRunner.query(`CREATE TABLE "intent_list_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "buyerUnitId" integer, "visitorSessionId" varchar(64), "productId" integer NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "FK_3cd3c17126e785a194f69080d15" FOREIGN KEY ("productId") REFERENCES "product" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "intent_list_item"("id", "createdAt", "updatedAt", "buyerUnitId", "visitorSessionId", "productId", "quantity") SELECT "id", "createdAt", "updatedAt", "buyerUnitId", "visitorSessionId", "productId", "quantity" FROM "temporary_intent_list_item"`);
    await queryRunner.query(`DROP TABLE "temporary_intent_list_item"`);
    await queryRunner.query(`CREATE INDEX "IDX_intent_list_product" ON "intent_list_item" ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_unit_product" ON "intent_list_item" ("buyerUnitId", "productId") `);
    await queryRunner.query(`DROP INDEX "IDX_intent_list_product"`);
    await queryRunner.query(`DROP INDEX "UQ_intent_list_unit_product"`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" RENAME TO "temporary_intent_list_item"`);
    await queryRunner.query(`CREATE TABLE "intent_list_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "buyerUnitId" integer, "visitorKey" varchar(64), "productId" integer NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "FK_3cd3c17126e785a194f69080d15" FOREIGN KEY ("productId") REFERENCES "product" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "intent_list_item"("id", "createdAt", "updatedAt", "buyerUnitId", "visitorKey", "productId", "quantity") SELECT "id", "createdAt", "updatedAt", "buyerUnitId", "visitorSessionId", "productId", "quantity" FROM "temporary_intent_list_item"`);
    await queryRunner.query(`DROP TABLE "temporary_intent_list_item"`);
    await queryRunner.query(`CREATE INDEX "IDX_intent_list_product" ON "intent_list_item" ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_unit_product" ON "intent_list_item" ("buyerUnitId", "productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_visitor_product" ON "intent_list_item" ("visitorKey", "productId") `);
  }
}
