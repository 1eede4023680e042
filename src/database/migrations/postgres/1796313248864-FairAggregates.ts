import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildFairAggregates } from '../fair-aggregates-data';

/** The fair aggregates (see FairAggregatesService), backfilled from the intent lines. */
export class FairAggregates1796313248864 implements MigrationInterface {
  name = 'FairAggregates1796313248864';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "fair_county_type_total" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "countyId" integer NOT NULL, "buyerType" character varying(20) NOT NULL, "intents" integer NOT NULL DEFAULT '0', "buyerUnits" integer NOT NULL DEFAULT '0', "quantity" bigint NOT NULL DEFAULT '0', "intendedFen" bigint NOT NULL DEFAULT '0', "signedFen" bigint NOT NULL DEFAULT '0', "deliveredFen" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_0a326a46a3bc82b683bf73dee7d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_county_type_total_key" ON "fair_county_type_total"  ("fairId", "countyId", "buyerType") `);
    await queryRunner.query(`CREATE TABLE "fair_product_type_total" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "productId" integer NOT NULL, "buyerType" character varying(20) NOT NULL, "quantity" bigint NOT NULL DEFAULT '0', "intendedFen" bigint NOT NULL DEFAULT '0', "signedFen" bigint NOT NULL DEFAULT '0', "deliveredFen" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_10dbbf23c660814029e1a8e8feb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_fair_product_type_total_product" ON "fair_product_type_total"  ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_product_type_total_key" ON "fair_product_type_total"  ("fairId", "productId", "buyerType") `);
    await queryRunner.query(`CREATE TABLE "fair_type_total" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "buyerType" character varying(20) NOT NULL, "intents" integer NOT NULL DEFAULT '0', "buyerUnits" integer NOT NULL DEFAULT '0', "quantity" bigint NOT NULL DEFAULT '0', "intendedFen" bigint NOT NULL DEFAULT '0', "signedFen" bigint NOT NULL DEFAULT '0', "deliveredFen" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_56b3d2801b3756fba7fc7e7174f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_type_total_fair_type" ON "fair_type_total"  ("fairId", "buyerType") `);
    await queryRunner.query(`CREATE TABLE "fair_unit_total" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "buyerUnitId" integer NOT NULL, "intents" integer NOT NULL DEFAULT '0', "quantity" bigint NOT NULL DEFAULT '0', "intendedFen" bigint NOT NULL DEFAULT '0', "signedFen" bigint NOT NULL DEFAULT '0', "deliveredFen" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_77cdaafb9bbaccc1b506db26c45" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_fair_unit_total_buyer_unit" ON "fair_unit_total"  ("buyerUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_fair_unit_total_ranking" ON "fair_unit_total"  ("fairId", "intendedFen") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_unit_total_fair_unit" ON "fair_unit_total"  ("fairId", "buyerUnitId") `);
    await queryRunner.query(`ALTER TABLE "fair_county_type_total" ADD CONSTRAINT "FK_1410eac5cb1cf2c8b9ba500627d" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fair_county_type_total" ADD CONSTRAINT "FK_f0f4556444b4cd027fde3d435b5" FOREIGN KEY ("countyId") REFERENCES "county"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fair_product_type_total" ADD CONSTRAINT "FK_50aa4f8ecc0499413ee6d076d7f" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fair_product_type_total" ADD CONSTRAINT "FK_79f957ce9c9b71a02db44e4f5f8" FOREIGN KEY ("productId") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fair_type_total" ADD CONSTRAINT "FK_d02038bd21fe54f960b62a9b6b8" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fair_unit_total" ADD CONSTRAINT "FK_4440300c85f2052d398d423c76a" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fair_unit_total" ADD CONSTRAINT "FK_6e1b8f48a970cb956ae24ec392a" FOREIGN KEY ("buyerUnitId") REFERENCES "buyer_unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await rebuildFairAggregates(queryRunner, true);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fair_unit_total" DROP CONSTRAINT "FK_6e1b8f48a970cb956ae24ec392a"`);
    await queryRunner.query(`ALTER TABLE "fair_unit_total" DROP CONSTRAINT "FK_4440300c85f2052d398d423c76a"`);
    await queryRunner.query(`ALTER TABLE "fair_type_total" DROP CONSTRAINT "FK_d02038bd21fe54f960b62a9b6b8"`);
    await queryRunner.query(`ALTER TABLE "fair_product_type_total" DROP CONSTRAINT "FK_79f957ce9c9b71a02db44e4f5f8"`);
    await queryRunner.query(`ALTER TABLE "fair_product_type_total" DROP CONSTRAINT "FK_50aa4f8ecc0499413ee6d076d7f"`);
    await queryRunner.query(`ALTER TABLE "fair_county_type_total" DROP CONSTRAINT "FK_f0f4556444b4cd027fde3d435b5"`);
    await queryRunner.query(`ALTER TABLE "fair_county_type_total" DROP CONSTRAINT "FK_1410eac5cb1cf2c8b9ba500627d"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_fair_unit_total_fair_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fair_unit_total_ranking"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fair_unit_total_buyer_unit"`);
    await queryRunner.query(`DROP TABLE "fair_unit_total"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_fair_type_total_fair_type"`);
    await queryRunner.query(`DROP TABLE "fair_type_total"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_fair_product_type_total_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fair_product_type_total_product"`);
    await queryRunner.query(`DROP TABLE "fair_product_type_total"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_fair_county_type_total_key"`);
    await queryRunner.query(`DROP TABLE "fair_county_type_total"`);
  }
}
