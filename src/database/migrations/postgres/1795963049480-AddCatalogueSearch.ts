import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (triggers are beyond the generator): the catalogue's substring-search index,
 * see src/catalogue/catalogue-search.ts. product_search_gram holds every 1- and 2-character
 * piece of a product's name, supplier, origin and description (ASCII folded to lower case with
 * translate(), as SQLite's lower() does, so both engines give the same results; the first
 * 2,000 characters of each, the description's limit), kept current by a trigger.
 *
 * The table is not an entity, so TypeORM's schema comparison leaves it alone. No extension
 * is needed (pg_trgm would not help: it needs 3+ characters).
 */
const FOLD = `'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'`;
/** Every 1- and 2-character piece of the texts t(id, v). */
const GRAMS_OF = (texts: string) => `
  SELECT DISTINCT substr(t.v, n, k), t.id
  FROM (${texts}) t
  CROSS JOIN LATERAL generate_series(1, least(length(t.v), 2000)) AS n
  CROSS JOIN (VALUES (1), (2)) AS k(k)
  WHERE n + k - 1 <= length(t.v)`;
const COLUMNS = ['name', 'supplierName', 'origin', 'description'];
const TEXTS_OF_NEW = COLUMNS.map((c) => `SELECT NEW."id" AS id, translate(NEW."${c}", ${FOLD}) AS v`).join(' UNION ALL ');
const TEXTS_OF_ALL = COLUMNS.map((c) => `SELECT "id" AS id, translate("${c}", ${FOLD}) AS v FROM "product"`).join(' UNION ALL ');

export class AddCatalogueSearch1795963049480 implements MigrationInterface {
  name = 'AddCatalogueSearch1795963049480';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "product_search_gram" ("gram" character varying(2) NOT NULL, "productId" integer NOT NULL, CONSTRAINT "PK_product_search_gram" PRIMARY KEY ("gram", "productId"))`);
    await queryRunner.query(`CREATE INDEX "IDX_product_search_gram_product" ON "product_search_gram" ("productId")`);
    await queryRunner.query(`CREATE FUNCTION "product_search_index"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM "product_search_gram" WHERE "productId" = OLD."id";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "product_search_gram" ("gram", "productId") ${GRAMS_OF(TEXTS_OF_NEW)}
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$`);
    await queryRunner.query(`CREATE TRIGGER "product_search_insert" AFTER INSERT ON "product" FOR EACH ROW EXECUTE FUNCTION "product_search_index"()`);
    await queryRunner.query(`CREATE TRIGGER "product_search_update" AFTER UPDATE OF "name", "supplierName", "origin", "description" ON "product" FOR EACH ROW
WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."supplierName" IS DISTINCT FROM NEW."supplierName" OR OLD."origin" IS DISTINCT FROM NEW."origin" OR OLD."description" IS DISTINCT FROM NEW."description")
EXECUTE FUNCTION "product_search_index"()`);
    await queryRunner.query(`CREATE TRIGGER "product_search_delete" AFTER DELETE ON "product" FOR EACH ROW EXECUTE FUNCTION "product_search_index"()`);
    await queryRunner.query(`INSERT INTO "product_search_gram" ("gram", "productId") ${GRAMS_OF(TEXTS_OF_ALL)} ON CONFLICT DO NOTHING`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "product_search_delete" ON "product"`);
    await queryRunner.query(`DROP TRIGGER "product_search_update" ON "product"`);
    await queryRunner.query(`DROP TRIGGER "product_search_insert" ON "product"`);
    await queryRunner.query(`DROP FUNCTION "product_search_index"()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_product_search_gram_product"`);
    await queryRunner.query(`DROP TABLE "product_search_gram"`);
  }
}
