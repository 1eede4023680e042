import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FairPreviousFair1796288621198 implements MigrationInterface {
  name = 'FairPreviousFair1796288621198';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fair" ADD "previousFairId" integer`);
    await queryRunner.query(`ALTER TABLE "fair" ADD CONSTRAINT "FK_cd88a40fb4fa9ccfa2bdea85b6a" FOREIGN KEY ("previousFairId") REFERENCES "fair"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fair" DROP CONSTRAINT "FK_cd88a40fb4fa9ccfa2bdea85b6a"`);
    await queryRunner.query(`ALTER TABLE "fair" DROP COLUMN "previousFairId"`);
  }
}
