import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SummaryFiles1796288934635 implements MigrationInterface {
  name = 'SummaryFiles1796288934635';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "summary_due_date" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "dueDate" date NOT NULL, CONSTRAINT "PK_619f3d47a6f49b2d20650409a06" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_summary_due_date_fair" ON "summary_due_date"  ("fairId") `);
    await queryRunner.query(`CREATE TABLE "summary_file" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fairId" integer NOT NULL, "countyId" integer NOT NULL, "kind" character varying(20) NOT NULL, "fileName" character varying(200) NOT NULL, "fileType" character varying(10) NOT NULL, "size" integer NOT NULL, "storageKey" character varying(64) NOT NULL, CONSTRAINT "PK_41751f1c374be2d071e23b52521" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_summary_file_county" ON "summary_file"  ("countyId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_summary_file_storage_key" ON "summary_file"  ("storageKey") `);
    await queryRunner.query(`CREATE INDEX "IDX_summary_file_fair_county" ON "summary_file"  ("fairId", "countyId") `);
    await queryRunner.query(`ALTER TABLE "summary_due_date" ADD CONSTRAINT "FK_ce0d09c94b52d96e79260ccd520" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "summary_file" ADD CONSTRAINT "FK_422ebcf0c9bb1035c91232c6587" FOREIGN KEY ("fairId") REFERENCES "fair"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "summary_file" ADD CONSTRAINT "FK_d786b83997f6493bbc0225203e0" FOREIGN KEY ("countyId") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "summary_file" DROP CONSTRAINT "FK_d786b83997f6493bbc0225203e0"`);
    await queryRunner.query(`ALTER TABLE "summary_file" DROP CONSTRAINT "FK_422ebcf0c9bb1035c91232c6587"`);
    await queryRunner.query(`ALTER TABLE "summary_due_date" DROP CONSTRAINT "FK_ce0d09c94b52d96e79260ccd520"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_summary_file_fair_county"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_summary_file_storage_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_summary_file_county"`);
    await queryRunner.query(`DROP TABLE "summary_file"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_summary_due_date_fair"`);
    await queryRunner.query(`DROP TABLE "summary_due_date"`);
  }
}
