import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CanonicalUsernames1796280257658 implements MigrationInterface {
  name = 'CanonicalUsernames1796280257658';

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
    await queryRunner.query(`ALTER TABLE "user" ADD CONSTRAINT "CHK_user_username_lower_case" CHECK ("username" = LOWER("username"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user" DROP CONSTRAINT "CHK_user_username_lower_case"`);
  }
}
