import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (triggers are beyond the generator): catalogue_version, one row whose number
 * goes up with every change to what the public catalogue shows — products, the fairs'
 * listings, the fairs themselves and counties — so that a kept catalogue page can be checked
 * against it on every request, by every instance (src/catalogue/catalogue-page-cache.ts).
 *
 * The bump is a deferred constraint trigger: it runs at COMMIT, after the transaction's own
 * writes, so the row is locked only for the moment of the commit. An immediate bump would
 * hold that lock to the end of the transaction, and two transactions each writing two
 * products (a bulk review, an import) could deadlock on it. Only a transaction's first bump
 * writes (`bumpedBy` is its transaction id); the others find it done.
 */
const TABLES = ['product', 'fair_listing', 'fair', 'county'];

export class CatalogueVersion1796299478323 implements MigrationInterface {
  name = 'CatalogueVersion1796299478323';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "catalogue_version" ("id" integer PRIMARY KEY CHECK ("id" = 1), "version" bigint NOT NULL, "bumpedBy" bigint)`,
    );
    await queryRunner.query(`INSERT INTO "catalogue_version" ("id", "version") VALUES (1, 1)`);
    await queryRunner.query(`CREATE FUNCTION "catalogue_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "catalogue_version" SET "version" = "version" + 1, "bumpedBy" = txid_current()
  WHERE "id" = 1 AND "bumpedBy" IS DISTINCT FROM txid_current();
  RETURN NULL;
END
$$`);
    for (const table of TABLES) {
      await queryRunner.query(`CREATE CONSTRAINT TRIGGER "catalogue_version_${table}" AFTER INSERT OR UPDATE OR DELETE ON "${table}"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "catalogue_version_bump"()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`DROP TRIGGER "catalogue_version_${table}" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "catalogue_version_bump"()`);
    await queryRunner.query(`DROP TABLE "catalogue_version"`);
  }
}
