import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createFirstFair, listPublishedProducts } from '../fair-editions-data';

export class FairEditions1796287464643 implements MigrationInterface {
  name = 'FairEditions1796287464643';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_list_unit_product"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_list_visitor_product"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_intent_status_submitted"`);
    await queryRunner.query(`CREATE TABLE "fair" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(100) NOT NULL, "date" date NOT NULL, "venue" character varying(200), "intentDeadline" TIMESTAMP WITH TIME ZONE, "minimumProducts" integer NOT NULL DEFAULT '20', "status" character varying(20) NOT NULL DEFAULT 'preparing', "current" boolean, CONSTRAINT "PK_98731e388da3b33c43b01bb6455" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_current" ON "fair"  ("current") `);
    const fairId = await createFirstFair(queryRunner);
    await queryRunner.query(`CREATE TABLE "fair_listing" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "productId" integer NOT NULL, CONSTRAINT "PK_1ae4eb08ba841791e33441c618b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_fair_listing_product" ON "fair_listing"  ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_fair_listing_fair_product" ON "fair_listing"  ("fairId", "productId") `);
    await queryRunner.query(`ALTER TABLE "intent_list_item" ADD "fairId" integer`);
    await queryRunner.query(`UPDATE "intent_list_item" SET "fairId" = $1`, [fairId]);
    await queryRunner.query(`ALTER TABLE "intent_list_item" ALTER COLUMN "fairId" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "intent" ADD "fairId" integer`);
    await queryRunner.query(`UPDATE "intent" SET "fairId" = $1`, [fairId]);
    await queryRunner.query(`ALTER TABLE "intent" ALTER COLUMN "fairId" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "objection" ADD "fairId" integer`);
    await queryRunner.query(`UPDATE "objection" SET "fairId" = $1`, [fairId]);
    await queryRunner.query(`ALTER TABLE "objection" ALTER COLUMN "fairId" SET NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_fair_visitor_product" ON "intent_list_item"  ("fairId", "visitorSessionId", "productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_fair_unit_product" ON "intent_list_item"  ("fairId", "buyerUnitId", "productId") `);
    await queryRunner.query(`CREATE INDEX "IDX_intent_fair_status_submitted" ON "intent"  ("fairId", "status", "submittedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_objection_fair" ON "objection"  ("fairId") `);
    await queryRunner.query(`ALTER TABLE "fair_listing" ADD CONSTRAINT "FK_e3a7826f08a87394de9b122b5cf" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fair_listing" ADD CONSTRAINT "FK_4e9b7220897776df7a0990ecef3" FOREIGN KEY ("productId") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" ADD CONSTRAINT "FK_51ad87e6b079fc153502b7273dd" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intent" ADD CONSTRAINT "FK_797dae69bf520025da7cb021f57" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "objection" ADD CONSTRAINT "FK_b662192deb56a1fc984c359679a" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await listPublishedProducts(queryRunner, fairId);
    await queryRunner.query(`DROP TABLE "settings"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "settings" ("id" integer NOT NULL, "fairName" character varying(100) NOT NULL, "fairDate" date NOT NULL, "intentDeadline" TIMESTAMP WITH TIME ZONE, "minimumProducts" integer NOT NULL DEFAULT '20', "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0669fe20e252eb692bf4d344975" PRIMARY KEY ("id"))`);
    await queryRunner.query(`INSERT INTO "settings" ("id", "fairName", "fairDate", "intentDeadline", "minimumProducts") SELECT 1, "name", "date", "intentDeadline", "minimumProducts" FROM "fair" WHERE "current" = true`);
    await queryRunner.query(`ALTER TABLE "objection" DROP CONSTRAINT "FK_b662192deb56a1fc984c359679a"`);
    await queryRunner.query(`ALTER TABLE "intent" DROP CONSTRAINT "FK_797dae69bf520025da7cb021f57"`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" DROP CONSTRAINT "FK_51ad87e6b079fc153502b7273dd"`);
    await queryRunner.query(`ALTER TABLE "fair_listing" DROP CONSTRAINT "FK_4e9b7220897776df7a0990ecef3"`);
    await queryRunner.query(`ALTER TABLE "fair_listing" DROP CONSTRAINT "FK_e3a7826f08a87394de9b122b5cf"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_objection_fair"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_intent_fair_status_submitted"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_list_fair_unit_product"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_list_fair_visitor_product"`);
    await queryRunner.query(`ALTER TABLE "objection" DROP COLUMN "fairId"`);
    await queryRunner.query(`ALTER TABLE "intent" DROP COLUMN "fairId"`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" DROP COLUMN "fairId"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_fair_listing_fair_product"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fair_listing_product"`);
    await queryRunner.query(`DROP TABLE "fair_listing"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_fair_current"`);
    await queryRunner.query(`DROP TABLE "fair"`);
    await queryRunner.query(`CREATE INDEX "IDX_intent_status_submitted" ON "intent" USING btree ("status", "submittedAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_visitor_product" ON "intent_list_item" USING btree ("productId", "visitorSessionId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_unit_product" ON "intent_list_item" USING btree ("buyerUnitId", "productId") `);
  }
}
