import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795961708138 implements MigrationInterface {
  name = 'Initial1795961708138';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_log" ("id" SERIAL NOT NULL, "userId" integer, "username" character varying(50) NOT NULL, "action" character varying(50) NOT NULL, "entityType" character varying(50) NOT NULL, "entityId" character varying(50), "changes" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_user" ON "audit_log"  ("userId") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_action" ON "audit_log"  ("action") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_created" ON "audit_log"  ("createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_entity" ON "audit_log"  ("entityType", "entityId") `);
    await queryRunner.query(`CREATE TABLE "session" ("sid" character varying(128) NOT NULL, "data" text NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7575923e18b495ed2307ae629ae" PRIMARY KEY ("sid"))`);
    await queryRunner.query(`CREATE INDEX "IDX_session_expires" ON "session"  ("expiresAt") `);
    await queryRunner.query(`CREATE TABLE "county" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "code" character varying(6) NOT NULL, "name" character varying(50) NOT NULL, "minimumProducts" integer NOT NULL DEFAULT '20', CONSTRAINT "PK_e64ba58a034afb0e3d15b329351" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_county_code" ON "county"  ("code") `);
    await queryRunner.query(`CREATE TABLE "buyer_unit" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(100) NOT NULL, "type" character varying(20) NOT NULL, "creditCode" character varying(18) NOT NULL, "creditCodeCheckWaived" boolean NOT NULL DEFAULT false, "contactName" character varying(50) NOT NULL, "mobile" character varying(11) NOT NULL, "address" character varying(200) NOT NULL, "anonymous" boolean NOT NULL DEFAULT false, "disabled" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_adf0f3d45429e901ad79cdba32d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_buyer_unit_type" ON "buyer_unit"  ("type") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_buyer_unit_credit_code" ON "buyer_unit"  ("creditCode") `);
    await queryRunner.query(`CREATE TABLE "user" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "username" character varying(50) NOT NULL, "passwordHash" character varying(255) NOT NULL, "role" character varying(20) NOT NULL, "displayName" character varying(100) NOT NULL, "countyId" integer, "buyerUnitId" integer, "disabled" boolean NOT NULL DEFAULT false, "lastLoginAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cace4a159ff9f2512dd42373760" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_username" ON "user"  ("username") `);
    await queryRunner.query(`CREATE INDEX "IDX_user_county" ON "user"  ("countyId") `);
    await queryRunner.query(`CREATE INDEX "IDX_user_buyer_unit" ON "user"  ("buyerUnitId") `);
    await queryRunner.query(`CREATE TABLE "product" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "countyId" integer NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "category" character varying(20) NOT NULL, "spec" character varying(50) NOT NULL, "unit" character varying(10) NOT NULL, "priceFen" integer NOT NULL, "capacity" integer NOT NULL, "minOrder" integer NOT NULL DEFAULT '1', "supplierName" character varying(100) NOT NULL, "supplierCreditCode" character varying(18) NOT NULL, "certificateNo" character varying(64), "origin" character varying(100) NOT NULL, "description" text NOT NULL DEFAULT '', "povertyHouseholds" integer, "imageKey" character varying(80), "status" character varying(20) NOT NULL DEFAULT 'draft', "reviewReason" character varying(500), "pendingChanges" text, "publishedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_bebc9158e480b949565b4dc7a82" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_product_status_published" ON "product"  ("status", "publishedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_product_status_price" ON "product"  ("status", "priceFen") `);
    await queryRunner.query(`CREATE INDEX "IDX_product_status_category" ON "product"  ("status", "category") `);
    await queryRunner.query(`CREATE INDEX "IDX_product_status_county" ON "product"  ("status", "countyId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_product_county_code" ON "product"  ("countyId", "code") `);
    await queryRunner.query(`CREATE TABLE "intent" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "referenceNo" character varying(32) NOT NULL, "buyerUnitId" integer NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'submitted', "statusReason" character varying(500), "desiredDeliveryDate" date, "contactName" character varying(50) NOT NULL, "contactPhone" character varying(20) NOT NULL, "note" character varying(500) NOT NULL DEFAULT '', "idempotencyKey" character varying(64) NOT NULL, "submittedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_513a9beef6edc5701fbd955321d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_reference_no" ON "intent"  ("referenceNo") `);
    await queryRunner.query(`CREATE INDEX "IDX_intent_buyer_unit" ON "intent"  ("buyerUnitId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_idempotency_key" ON "intent"  ("idempotencyKey") `);
    await queryRunner.query(`CREATE INDEX "IDX_intent_status_submitted" ON "intent"  ("status", "submittedAt") `);
    await queryRunner.query(`CREATE TABLE "intent_line" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "intentId" integer NOT NULL, "productId" integer NOT NULL, "quantity" integer NOT NULL, "unitPriceFen" integer NOT NULL, "signedQuantity" integer, "deliveredQuantity" integer, CONSTRAINT "PK_3d6ddb10166480149ff52706e18" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_intent_line_product" ON "intent_line"  ("productId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_intent_line_product" ON "intent_line"  ("intentId", "productId") `);
    await queryRunner.query(`CREATE TABLE "reference_counter" ("prefix" character varying(32) NOT NULL, "value" integer NOT NULL, CONSTRAINT "PK_195ed6d6348b53781885be3bbf2" PRIMARY KEY ("prefix"))`);
    await queryRunner.query(`CREATE TABLE "objection" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "subjectType" character varying(20) NOT NULL, "productId" integer, "subject" character varying(200), "text" text NOT NULL, "contact" character varying(100), "status" character varying(20) NOT NULL DEFAULT 'open', "answer" text, "answeredAt" TIMESTAMP WITH TIME ZONE, "answeredById" integer, CONSTRAINT "PK_f66a92a8254c445494f6cc3be60" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_objection_product" ON "objection"  ("productId") `);
    await queryRunner.query(`CREATE INDEX "IDX_objection_status_created" ON "objection"  ("status", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "settings" ("id" integer NOT NULL, "fairName" character varying(100) NOT NULL, "fairDate" date NOT NULL, "intentDeadline" TIMESTAMP WITH TIME ZONE, "minimumProducts" integer NOT NULL DEFAULT '20', "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0669fe20e252eb692bf4d344975" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "user" ADD CONSTRAINT "FK_4fa7e717948c05114afb6ac4a58" FOREIGN KEY ("countyId") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "user" ADD CONSTRAINT "FK_2f7a7219725796322ff5a84ac12" FOREIGN KEY ("buyerUnitId") REFERENCES "buyer_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "product" ADD CONSTRAINT "FK_af94fcb4352a93a4425f95cbba9" FOREIGN KEY ("countyId") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intent" ADD CONSTRAINT "FK_6520c32dbf7afdde2f1768c9379" FOREIGN KEY ("buyerUnitId") REFERENCES "buyer_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intent_line" ADD CONSTRAINT "FK_ee3097d6e03d6c262f8e270d466" FOREIGN KEY ("intentId") REFERENCES "intent"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intent_line" ADD CONSTRAINT "FK_0f38a55d66115b12479013a24c5" FOREIGN KEY ("productId") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "objection" ADD CONSTRAINT "FK_6a502cc2fec9620609e7fa70892" FOREIGN KEY ("productId") REFERENCES "product"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "objection" DROP CONSTRAINT "FK_6a502cc2fec9620609e7fa70892"`);
    await queryRunner.query(`ALTER TABLE "intent_line" DROP CONSTRAINT "FK_0f38a55d66115b12479013a24c5"`);
    await queryRunner.query(`ALTER TABLE "intent_line" DROP CONSTRAINT "FK_ee3097d6e03d6c262f8e270d466"`);
    await queryRunner.query(`ALTER TABLE "intent" DROP CONSTRAINT "FK_6520c32dbf7afdde2f1768c9379"`);
    await queryRunner.query(`ALTER TABLE "product" DROP CONSTRAINT "FK_af94fcb4352a93a4425f95cbba9"`);
    await queryRunner.query(`ALTER TABLE "user" DROP CONSTRAINT "FK_2f7a7219725796322ff5a84ac12"`);
    await queryRunner.query(`ALTER TABLE "user" DROP CONSTRAINT "FK_4fa7e717948c05114afb6ac4a58"`);
    await queryRunner.query(`DROP TABLE "settings"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_objection_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_objection_product"`);
    await queryRunner.query(`DROP TABLE "objection"`);
    await queryRunner.query(`DROP TABLE "reference_counter"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_line_product"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_intent_line_product"`);
    await queryRunner.query(`DROP TABLE "intent_line"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_intent_status_submitted"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_intent_buyer_unit"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_intent_reference_no"`);
    await queryRunner.query(`DROP TABLE "intent"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_product_county_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_product_status_county"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_product_status_category"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_product_status_price"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_product_status_published"`);
    await queryRunner.query(`DROP TABLE "product"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_user_buyer_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_user_county"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_user_username"`);
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_buyer_unit_credit_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_buyer_unit_type"`);
    await queryRunner.query(`DROP TABLE "buyer_unit"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_county_code"`);
    await queryRunner.query(`DROP TABLE "county"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_session_expires"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_entity"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_action"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_user"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
