import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TieVisitorListToSession1796276968431 implements MigrationInterface {
  name = 'TieVisitorListToSession1796276968431';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Written by hand: visitors' lists were keyed by a random key inside the session data, which
    // no session row can be matched to, so they go (a visitor's list is a convenience before
    // log-in; units' lists are kept).
    await queryRunner.query(`DELETE FROM "intent_list_item" WHERE "visitorKey" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_list_visitor_product"`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" RENAME COLUMN "visitorKey" TO "visitorSessionId"`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" DROP COLUMN "visitorSessionId"`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" ADD "visitorSessionId" character varying(128)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_visitor_product" ON "intent_list_item"  ("visitorSessionId", "productId") `);
    await queryRunner.query(`ALTER TABLE "intent_list_item" ADD CONSTRAINT "FK_103f09592a644567e78db90d5e8" FOREIGN KEY ("visitorSessionId") REFERENCES "session"("sid") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Written by hand: the old random keys cannot be restored.
    await queryRunner.query(`DELETE FROM "intent_list_item" WHERE "visitorSessionId" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" DROP CONSTRAINT "FK_103f09592a644567e78db90d5e8"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_list_visitor_product"`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" DROP COLUMN "visitorSessionId"`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" ADD "visitorSessionId" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "intent_list_item" RENAME COLUMN "visitorSessionId" TO "visitorKey"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_list_visitor_product" ON "intent_list_item" USING btree ("visitorKey", "productId") `);
  }
}
