import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (triggers are beyond the generator): the catalogue's substring-search index,
 * see src/catalogue/catalogue-search.ts. product_search_gram holds every 1- and 2-character
 * piece of a product's name, supplier, origin and description (ASCII folded to lower case;
 * the first 2,000 characters of each, the description's limit), kept current by triggers.
 * search_position is a table of the numbers 1..2000: SQLite allows no WITH clause in a trigger.
 *
 * The tables are not entities, so TypeORM's schema comparison leaves them alone. NOTE: a
 * later SQLite migration that rebuilds "product" (DROP TABLE + RENAME, as generated for
 * column changes) drops these triggers: it must create them again (test/catalogue.e2e-spec.ts
 * fails when they are missing).
 */
const COLUMNS = ['name', 'supplierName', 'origin', 'description'];
/** (id, text) for the searchable columns of the NEW row, or of every product. */
const TEXTS_OF_NEW = COLUMNS.map((c) => `SELECT NEW."id" AS id, lower(NEW."${c}") AS v`).join(' UNION ALL ');
const TEXTS_OF_ALL = COLUMNS.map((c) => `SELECT "id" AS id, lower("${c}") AS v FROM "product"`).join(' UNION ALL ');
/** Every 1- and 2-character piece of those texts. */
const GRAMS_OF = (texts: string) => `
  SELECT substr(t.v, p.n, k.k), t.id
  FROM (${texts}) t
  JOIN "search_position" p ON p.n <= length(t.v)
  JOIN (SELECT 1 AS k UNION ALL SELECT 2) k ON p.n + k.k - 1 <= length(t.v)`;

export class AddCatalogueSearch1795963049479 implements MigrationInterface {
  name = 'AddCatalogueSearch1795963049479';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "search_position" ("n" integer PRIMARY KEY NOT NULL)`);
    await queryRunner.query(`INSERT INTO "search_position" ("n") WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 2000) SELECT n FROM s`);
    await queryRunner.query(`CREATE TABLE "product_search_gram" ("gram" varchar(2) NOT NULL, "productId" integer NOT NULL, PRIMARY KEY ("gram", "productId")) WITHOUT ROWID`);
    await queryRunner.query(`CREATE INDEX "IDX_product_search_gram_product" ON "product_search_gram" ("productId")`);
    await queryRunner.query(`CREATE TRIGGER "product_search_insert" AFTER INSERT ON "product" BEGIN
  INSERT OR IGNORE INTO "product_search_gram" ("gram", "productId") ${GRAMS_OF(TEXTS_OF_NEW)};
END`);
    await queryRunner.query(`CREATE TRIGGER "product_search_update" AFTER UPDATE OF "name", "supplierName", "origin", "description" ON "product"
WHEN OLD."name" IS NOT NEW."name" OR OLD."supplierName" IS NOT NEW."supplierName" OR OLD."origin" IS NOT NEW."origin" OR OLD."description" IS NOT NEW."description"
BEGIN
  DELETE FROM "product_search_gram" WHERE "productId" = OLD."id";
  INSERT OR IGNORE INTO "product_search_gram" ("gram", "productId") ${GRAMS_OF(TEXTS_OF_NEW)};
END`);
    await queryRunner.query(`CREATE TRIGGER "product_search_delete" AFTER DELETE ON "product" BEGIN
  DELETE FROM "product_search_gram" WHERE "productId" = OLD."id";
END`);
    await queryRunner.query(`INSERT OR IGNORE INTO "product_search_gram" ("gram", "productId") ${GRAMS_OF(TEXTS_OF_ALL)}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "product_search_delete"`);
    await queryRunner.query(`DROP TRIGGER "product_search_update"`);
    await queryRunner.query(`DROP TRIGGER "product_search_insert"`);
    await queryRunner.query(`DROP INDEX "IDX_product_search_gram_product"`);
    await queryRunner.query(`DROP TABLE "product_search_gram"`);
    await queryRunner.query(`DROP TABLE "search_position"`);
  }
}
