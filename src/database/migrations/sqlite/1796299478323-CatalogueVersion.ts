import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (triggers are beyond the generator): catalogue_version, one row whose number
 * goes up with every change to what the public catalogue shows — products, the fairs'
 * listings, the fairs themselves (the current one, its name and date) and counties — so that
 * a kept catalogue page can be checked against it on every request (src/catalogue/
 * catalogue-page-cache.ts). Triggers rather than calls from each service: every write path
 * (forms, imports, reviews, carry-over, seeds, tests, the benchmark, SQL by hand) is covered.
 *
 * NOTE, as for the search triggers: a later SQLite migration that rebuilds one of these tables
 * (DROP TABLE + RENAME) drops its triggers and must create them again
 * (test/catalogue-page-cache.e2e-spec.ts fails when they are missing).
 */
export const CATALOGUE_VERSION_TABLES = ['product', 'fair_listing', 'fair', 'county'];
const OPERATIONS = ['INSERT', 'UPDATE', 'DELETE'];

export class CatalogueVersion1796299478323 implements MigrationInterface {
  name = 'CatalogueVersion1796299478323';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "catalogue_version" ("id" integer PRIMARY KEY NOT NULL CHECK ("id" = 1), "version" integer NOT NULL)`);
    await queryRunner.query(`INSERT INTO "catalogue_version" ("id", "version") VALUES (1, 1)`);
    for (const table of CATALOGUE_VERSION_TABLES) {
      for (const operation of OPERATIONS) {
        await queryRunner.query(`CREATE TRIGGER "catalogue_version_${table}_${operation.toLowerCase()}" AFTER ${operation} ON "${table}" BEGIN
  UPDATE "catalogue_version" SET "version" = "version" + 1 WHERE "id" = 1;
END`);
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of CATALOGUE_VERSION_TABLES) {
      for (const operation of OPERATIONS) await queryRunner.query(`DROP TRIGGER "catalogue_version_${table}_${operation.toLowerCase()}"`);
    }
    await queryRunner.query(`DROP TABLE "catalogue_version"`);
  }
}
