import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PurchaseTargets1796290762598 implements MigrationInterface {
  name = 'PurchaseTargets1796290762598';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "purchase_target" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "creditCode" varchar(18) NOT NULL, "unitName" varchar(100) NOT NULL, "unitType" varchar(20) NOT NULL, "targetFen" bigint NOT NULL, "buyerUnitId" integer)`);
    await queryRunner.query(`CREATE INDEX "IDX_purchase_target_credit_code" ON "purchase_target" ("creditCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_purchase_target_buyer_unit" ON "purchase_target" ("buyerUnitId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_purchase_target_fair_credit_code" ON "purchase_target" ("fairId", "creditCode") `);
    await queryRunner.query(`DROP INDEX "IDX_purchase_target_credit_code"`);
    await queryRunner.query(`DROP INDEX "IDX_purchase_target_buyer_unit"`);
    await queryRunner.query(`DROP INDEX "UQ_purchase_target_fair_credit_code"`);
    await queryRunner.query(`CREATE TABLE "temporary_purchase_target" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "creditCode" varchar(18) NOT NULL, "unitName" varchar(100) NOT NULL, "unitType" varchar(20) NOT NULL, "targetFen" bigint NOT NULL, "buyerUnitId" integer, CONSTRAINT "FK_2900174aab8dde5ff4e24db9de2" FOREIGN KEY ("fairId") REFERENCES "fair" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_cd3912d4d12fb36b228d9814b3d" FOREIGN KEY ("buyerUnitId") REFERENCES "buyer_unit" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_purchase_target"("id", "createdAt", "updatedAt", "fairId", "creditCode", "unitName", "unitType", "targetFen", "buyerUnitId") SELECT "id", "createdAt", "updatedAt", "fairId", "creditCode", "unitName", "unitType", "targetFen", "buyerUnitId" FROM "purchase_target"`);
    await queryRunner.query(`DROP TABLE "purchase_target"`);
    await queryRunner.query(`ALTER TABLE "temporary_purchase_target" RENAME TO "purchase_target"`);
    await queryRunner.query(`CREATE INDEX "IDX_purchase_target_credit_code" ON "purchase_target" ("creditCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_purchase_target_buyer_unit" ON "purchase_target" ("buyerUnitId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_purchase_target_fair_credit_code" ON "purchase_target" ("fairId", "creditCode") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_purchase_target_fair_credit_code"`);
    await queryRunner.query(`DROP INDEX "IDX_purchase_target_buyer_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_purchase_target_credit_code"`);
    await queryRunner.query(`ALTER TABLE "purchase_target" RENAME TO "temporary_purchase_target"`);
    await queryRunner.query(`CREATE TABLE "purchase_target" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fairId" integer NOT NULL, "creditCode" varchar(18) NOT NULL, "unitName" varchar(100) NOT NULL, "unitType" varchar(20) NOT NULL, "targetFen" bigint NOT NULL, "buyerUnitId" integer)`);
    await queryRunner.query(`INSERT INTO "purchase_target"("id", "createdAt", "updatedAt", "fairId", "creditCode", "unitName", "unitType", "targetFen", "buyerUnitId") SELECT "id", "createdAt", "updatedAt", "fairId", "creditCode", "unitName", "unitType", "targetFen", "buyerUnitId" FROM "temporary_purchase_target"`);
    await queryRunner.query(`DROP TABLE "temporary_purchase_target"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_purchase_target_fair_credit_code" ON "purchase_target" ("fairId", "creditCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_purchase_target_buyer_unit" ON "purchase_target" ("buyerUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_purchase_target_credit_code" ON "purchase_target" ("creditCode") `);
    await queryRunner.query(`DROP INDEX "UQ_purchase_target_fair_credit_code"`);
    await queryRunner.query(`DROP INDEX "IDX_purchase_target_buyer_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_purchase_target_credit_code"`);
    await queryRunner.query(`DROP TABLE "purchase_target"`);
  }
}
