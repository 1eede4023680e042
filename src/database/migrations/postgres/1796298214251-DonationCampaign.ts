import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DonationCampaign1796298214251 implements MigrationInterface {
  name = 'DonationCampaign1796298214251';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "donation_account" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "office" character varying(10) NOT NULL, "accountName" character varying(60) NOT NULL, "bankName" character varying(60) NOT NULL, "accountNo" character varying(40) NOT NULL, "note" character varying(200), CONSTRAINT "PK_eca3913d1f0b07d7f4cb2184e64" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donation_account_office" ON "donation_account"  ("office") `);
    await queryRunner.query(`CREATE TABLE "donation_project" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "countyId" integer NOT NULL, "township" character varying(30) NOT NULL, "village" character varying(30), "title" character varying(60) NOT NULL, "kind" character varying(20) NOT NULL, "description" text NOT NULL DEFAULT '', "soughtFen" bigint, "goodsSought" character varying(500), "beneficiaryHouseholds" integer, "beneficiaryPeople" integer, "contactOffice" character varying(60) NOT NULL, "contactPhone" character varying(20), "deadline" date NOT NULL, "imageKey" character varying(80), "claimMode" character varying(10) NOT NULL DEFAULT 'shares', "acceptsUndirected" boolean NOT NULL DEFAULT true, "status" character varying(20) NOT NULL DEFAULT 'draft', "returnReason" character varying(500), "publishedAt" TIMESTAMP WITH TIME ZONE, "claimedByPledgeId" integer, CONSTRAINT "PK_42b5bb0e3f6a0b4e9b7ab48a51e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_donation_project_county_status" ON "donation_project"  ("countyId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_donation_project_fair_status" ON "donation_project"  ("fairId", "status") `);
    await queryRunner.query(`CREATE TABLE "donation_pledge" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "pledgeNo" character varying(32) NOT NULL, "projectId" integer, "countyId" integer, "claim" boolean NOT NULL DEFAULT false, "donorKind" character varying(20) NOT NULL, "buyerUnitId" integer, "donorName" character varying(60) NOT NULL, "donorPhone" character varying(20), "message" character varying(200), "anonymous" boolean NOT NULL DEFAULT false, "amountFen" bigint NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'open', "cancelledAt" TIMESTAMP WITH TIME ZONE, "accessToken" character varying(64), CONSTRAINT "PK_c946083fb26ced8d8ae2773d20d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donation_pledge_no" ON "donation_pledge"  ("pledgeNo") `);
    await queryRunner.query(`CREATE INDEX "IDX_donation_pledge_project" ON "donation_pledge"  ("projectId") `);
    await queryRunner.query(`CREATE INDEX "IDX_donation_pledge_buyer_unit" ON "donation_pledge"  ("buyerUnitId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donation_pledge_access_token" ON "donation_pledge"  ("accessToken") `);
    await queryRunner.query(`CREATE INDEX "IDX_donation_pledge_fair_county" ON "donation_pledge"  ("fairId", "countyId") `);
    await queryRunner.query(`CREATE TABLE "donation_receipt" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "office" character varying(10) NOT NULL, "countyId" integer, "receiptNo" character varying(32) NOT NULL, "pledgeId" integer, "projectId" integer, "donorKind" character varying(20) NOT NULL, "donorName" character varying(60) NOT NULL, "anonymous" boolean NOT NULL DEFAULT false, "amountFen" bigint NOT NULL, "receivedOn" date NOT NULL, "bankReference" character varying(40), "recordedById" integer, "voidedAt" TIMESTAMP WITH TIME ZONE, "voidReason" character varying(200), "voidedById" integer, CONSTRAINT "PK_eb48360cd6821c038abec48fbdd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_donation_receipt_county" ON "donation_receipt"  ("countyId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donation_receipt_no" ON "donation_receipt"  ("receiptNo") `);
    await queryRunner.query(`CREATE INDEX "IDX_donation_receipt_pledge" ON "donation_receipt"  ("pledgeId") `);
    await queryRunner.query(`CREATE INDEX "IDX_donation_receipt_project" ON "donation_receipt"  ("projectId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donation_receipt_office_bank_ref" ON "donation_receipt"  ("office", "bankReference") `);
    await queryRunner.query(`CREATE INDEX "IDX_donation_receipt_fair_office" ON "donation_receipt"  ("fairId", "office") `);
    await queryRunner.query(`CREATE TABLE "donation_disbursement" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "projectId" integer NOT NULL, "countyId" integer NOT NULL, "amountFen" bigint NOT NULL, "paidOn" date NOT NULL, "payee" character varying(60) NOT NULL, "purpose" character varying(200) NOT NULL, "attachmentKey" character varying(64), "attachmentName" character varying(120), "attachmentType" character varying(10), "recordedById" integer, CONSTRAINT "PK_67d50cbb4d607a84719e2cbdd7e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_donation_disbursement_project" ON "donation_disbursement"  ("projectId") `);
    await queryRunner.query(`ALTER TABLE "objection" ADD "projectId" integer`);
    await queryRunner.query(`ALTER TABLE "objection" ADD "donationReceiptId" integer`);
    await queryRunner.query(`CREATE INDEX "IDX_objection_project" ON "objection"  ("projectId") `);
    await queryRunner.query(`ALTER TABLE "donation_project" ADD CONSTRAINT "FK_92e395c21a8b0a7a75723d8c475" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_project" ADD CONSTRAINT "FK_0fc6a2e4e69331b79c87f589fe9" FOREIGN KEY ("countyId") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_pledge" ADD CONSTRAINT "FK_53388943adfde970c4adc245ef9" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_pledge" ADD CONSTRAINT "FK_6c5924e799df61e71b11fb0e36a" FOREIGN KEY ("projectId") REFERENCES "donation_project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_pledge" ADD CONSTRAINT "FK_712a0561e211bb91fcb02ed304b" FOREIGN KEY ("countyId") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_pledge" ADD CONSTRAINT "FK_29fe0bfe755ba82a2b40ac752b6" FOREIGN KEY ("buyerUnitId") REFERENCES "buyer_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_receipt" ADD CONSTRAINT "FK_ddddc68b2ec954bcaca952231a9" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_receipt" ADD CONSTRAINT "FK_d996575a32fb1386b05c600d971" FOREIGN KEY ("countyId") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_receipt" ADD CONSTRAINT "FK_63642d42ea1a112daa3bfef3233" FOREIGN KEY ("pledgeId") REFERENCES "donation_pledge"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_receipt" ADD CONSTRAINT "FK_a87531912e43613ad3d9a2a5e06" FOREIGN KEY ("projectId") REFERENCES "donation_project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_disbursement" ADD CONSTRAINT "FK_3424a3c3b0fa3996c181602b8d5" FOREIGN KEY ("projectId") REFERENCES "donation_project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "donation_disbursement" ADD CONSTRAINT "FK_9c550953335862cd476a7d71003" FOREIGN KEY ("countyId") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "objection" ADD CONSTRAINT "FK_5e5b42a5cab2fbc6b06af7e0c05" FOREIGN KEY ("projectId") REFERENCES "donation_project"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "objection" ADD CONSTRAINT "FK_e9c9f553759f8cbee5598b4b2f8" FOREIGN KEY ("donationReceiptId") REFERENCES "donation_receipt"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "objection" DROP CONSTRAINT "FK_e9c9f553759f8cbee5598b4b2f8"`);
    await queryRunner.query(`ALTER TABLE "objection" DROP CONSTRAINT "FK_5e5b42a5cab2fbc6b06af7e0c05"`);
    await queryRunner.query(`ALTER TABLE "donation_disbursement" DROP CONSTRAINT "FK_9c550953335862cd476a7d71003"`);
    await queryRunner.query(`ALTER TABLE "donation_disbursement" DROP CONSTRAINT "FK_3424a3c3b0fa3996c181602b8d5"`);
    await queryRunner.query(`ALTER TABLE "donation_receipt" DROP CONSTRAINT "FK_a87531912e43613ad3d9a2a5e06"`);
    await queryRunner.query(`ALTER TABLE "donation_receipt" DROP CONSTRAINT "FK_63642d42ea1a112daa3bfef3233"`);
    await queryRunner.query(`ALTER TABLE "donation_receipt" DROP CONSTRAINT "FK_d996575a32fb1386b05c600d971"`);
    await queryRunner.query(`ALTER TABLE "donation_receipt" DROP CONSTRAINT "FK_ddddc68b2ec954bcaca952231a9"`);
    await queryRunner.query(`ALTER TABLE "donation_pledge" DROP CONSTRAINT "FK_29fe0bfe755ba82a2b40ac752b6"`);
    await queryRunner.query(`ALTER TABLE "donation_pledge" DROP CONSTRAINT "FK_712a0561e211bb91fcb02ed304b"`);
    await queryRunner.query(`ALTER TABLE "donation_pledge" DROP CONSTRAINT "FK_6c5924e799df61e71b11fb0e36a"`);
    await queryRunner.query(`ALTER TABLE "donation_pledge" DROP CONSTRAINT "FK_53388943adfde970c4adc245ef9"`);
    await queryRunner.query(`ALTER TABLE "donation_project" DROP CONSTRAINT "FK_0fc6a2e4e69331b79c87f589fe9"`);
    await queryRunner.query(`ALTER TABLE "donation_project" DROP CONSTRAINT "FK_92e395c21a8b0a7a75723d8c475"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_objection_project"`);
    await queryRunner.query(`ALTER TABLE "objection" DROP COLUMN "donationReceiptId"`);
    await queryRunner.query(`ALTER TABLE "objection" DROP COLUMN "projectId"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donation_disbursement_project"`);
    await queryRunner.query(`DROP TABLE "donation_disbursement"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donation_receipt_fair_office"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donation_receipt_office_bank_ref"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donation_receipt_project"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donation_receipt_pledge"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donation_receipt_no"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donation_receipt_county"`);
    await queryRunner.query(`DROP TABLE "donation_receipt"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donation_pledge_fair_county"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donation_pledge_access_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donation_pledge_buyer_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donation_pledge_project"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donation_pledge_no"`);
    await queryRunner.query(`DROP TABLE "donation_pledge"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donation_project_fair_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donation_project_county_status"`);
    await queryRunner.query(`DROP TABLE "donation_project"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donation_account_office"`);
    await queryRunner.query(`DROP TABLE "donation_account"`);
  }
}
