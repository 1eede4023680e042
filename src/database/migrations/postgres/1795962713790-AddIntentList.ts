import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddIntentList1795962713790 implements MigrationInterface {
  name = 'AddIntentList1795962713790';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "intent_list_item" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "buyerUnitId" integer, "visitorKey" character varying(64), "productId" integer NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "PK_54c3aff72506c06ebc015142124" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_intent_list_product" ON "intent_list_item"  ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_visitor_product" ON "intent_list_item"  ("visitorKey", "productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_unit_product" ON "intent_list_item"  ("buyerUnitId", "productId") `);
    await queryRunner.query(`ALTER TABLE "intent_list_item" ADD CONSTRAINT "FK_3cd3c17126e785a194f69080d15" FOREIGN KEY ("productId") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "intent_list_item" DROP CONSTRAINT "FK_3cd3c17126e785a194f69080d15"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_list_unit_product"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_list_visitor_product"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_intent_list_product"`);
    await queryRunner.query(`DROP TABLE "intent_list_item"`);
  }
}
