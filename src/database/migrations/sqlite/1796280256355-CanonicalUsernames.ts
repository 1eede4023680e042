import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CanonicalUsernames1796280256355 implements MigrationInterface {
  name = 'CanonicalUsernames1796280256355';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Data first: usernames become lower case, as the app now stores them (registration only
    // ever accepted A-Z a-z 0-9 . _ -, so letter case is the only difference from the canonical
    // form). Two accounts that differ only in case would collide in the unique index: stop
    // with their names rather than rename anyone's log-in.
    const clashes: { name: string }[] = await queryRunner.query(
      `SELECT LOWER("username") AS "name" FROM "user" GROUP BY LOWER("username") HAVING COUNT(*) > 1`,
    );
    if (clashes.length > 0) {
      throw new Error(
        `Usernames cannot be made lower case: accounts differ only in letter case (${clashes.map((c) => c.name).join(', ')}). ` +
          'Rename all but one of each (UPDATE "user" SET "username" = ... WHERE "id" = ...) and start the app again.',
      );
    }
    await queryRunner.query(`UPDATE "user" SET "username" = LOWER("username") WHERE "username" <> LOWER("username")`);
    await queryRunner.query(`DROP INDEX "IDX_user_buyer_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_user_county"`);
    await queryRunner.query(`DROP INDEX "UQ_user_username"`);
    await queryRunner.query(`CREATE TABLE "temporary_user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "username" varchar(50) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(20) NOT NULL, "displayName" varchar(100) NOT NULL, "countyId" integer, "buyerUnitId" integer, "disabled" boolean NOT NULL DEFAULT (0), "lastLoginAt" datetime, CONSTRAINT "CHK_user_username_lower_case" CHECK ("username" = LOWER("username")), CONSTRAINT "FK_2f7a7219725796322ff5a84ac12" FOREIGN KEY ("buyerUnitId") REFERENCES "buyer_unit" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_4fa7e717948c05114afb6ac4a58" FOREIGN KEY ("countyId") REFERENCES "county" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_user"("id", "createdAt", "updatedAt", "username", "passwordHash", "role", "displayName", "countyId", "buyerUnitId", "disabled", "lastLoginAt") SELECT "id", "createdAt", "updatedAt", "username", "passwordHash", "role", "displayName", "countyId", "buyerUnitId", "disabled", "lastLoginAt" FROM "user"`);
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`ALTER TABLE "temporary_user" RENAME TO "user"`);
    await queryRunner.query(`CREATE INDEX "IDX_user_buyer_unit" ON "user" ("buyerUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_user_county" ON "user" ("countyId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_username" ON "user" ("username") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_user_username"`);
    await queryRunner.query(`DROP INDEX "IDX_user_county"`);
    await queryRunner.query(`DROP INDEX "IDX_user_buyer_unit"`);
    await queryRunner.query(`ALTER TABLE "user" RENAME TO "temporary_user"`);
    await queryRunner.query(`CREATE TABLE "user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "username" varchar(50) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(20) NOT NULL, "displayName" varchar(100) NOT NULL, "countyId" integer, "buyerUnitId" integer, "disabled" boolean NOT NULL DEFAULT (0), "lastLoginAt" datetime, CONSTRAINT "FK_2f7a7219725796322ff5a84ac12" FOREIGN KEY ("buyerUnitId") REFERENCES "buyer_unit" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_4fa7e717948c05114afb6ac4a58" FOREIGN KEY ("countyId") REFERENCES "county" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "user"("id", "createdAt", "updatedAt", "username", "passwordHash", "role", "displayName", "countyId", "buyerUnitId", "disabled", "lastLoginAt") SELECT "id", "createdAt", "updatedAt", "username", "passwordHash", "role", "displayName", "countyId", "buyerUnitId", "disabled", "lastLoginAt" FROM "temporary_user"`);
    await queryRunner.query(`DROP TABLE "temporary_user"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_username" ON "user" ("username") `);
    await queryRunner.query(`CREATE INDEX "IDX_user_county" ON "user" ("countyId") `);
    await queryRunner.query(`CREATE INDEX "IDX_user_buyer_unit" ON "user" ("buyerUnitId") `);
  }
}
