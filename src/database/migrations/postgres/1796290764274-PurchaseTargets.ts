import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PurchaseTargets1796290764274 implements MigrationInterface {
  name = 'PurchaseTargets1796290764274';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "purchase_target" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "creditCode" character varying(18) NOT NULL, "unitName" character varying(100) NOT NULL, "unitType" character varying(20) NOT NULL, "targetFen" bigint NOT NULL, "buyerUnitId" integer, CONSTRAINT "PK_8371e569240c6db4c20a762bb98" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_purchase_target_credit_code" ON "purchase_target"  ("creditCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_purchase_target_buyer_unit" ON "purchase_target"  ("buyerUnitId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_purchase_target_fair_credit_code" ON "purchase_target"  ("fairId", "creditCode") `);
    await queryRunner.query(`ALTER TABLE "purchase_target" ADD CONSTRAINT "FK_2900174aab8dde5ff4e24db9de2" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "purchase_target" ADD CONSTRAINT "FK_cd3912d4d12fb36b228d9814b3d" FOREIGN KEY ("buyerUnitId") REFERENCES "buyer_unit"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "purchase_target" DROP CONSTRAINT "FK_cd3912d4d12fb36b228d9814b3d"`);
    await queryRunner.query(`ALTER TABLE "purchase_target" DROP CONSTRAINT "FK_2900174aab8dde5ff4e24db9de2"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_purchase_target_fair_credit_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_purchase_target_buyer_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_purchase_target_credit_code"`);
    await queryRunner.query(`DROP TABLE "purchase_target"`);
  }
}
