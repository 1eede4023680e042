import Database from 'better-sqlite3';
import { QueryFailedError } from 'typeorm';
import { isUniqueViolation, violatesUniqueIndex } from './unique-violation';

/** The error better-sqlite3 really throws for a key inserted twice. */
function sqliteDuplicate(): unknown {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE "user" ("username" varchar NOT NULL); CREATE UNIQUE INDEX "UQ_user_username" ON "user" ("username")');
  db.prepare('INSERT INTO "user" VALUES (?)').run('wang');
  try {
    db.prepare('INSERT INTO "user" VALUES (?)').run('wang');
  } catch (err) {
    return err;
  } finally {
    db.close();
  }
  throw new Error('the second insert was accepted');
}

// What node-postgres reports for the same (its fields, as documented for error code 23505).
const postgresDuplicate = Object.assign(new Error('duplicate key value violates unique constraint "UQ_user_username"'), {
  code: '23505',
  constraint: 'UQ_user_username',
});

const USERNAME = { name: 'UQ_user_username', sqliteColumn: 'user.username' };
const CREDIT_CODE = { name: 'UQ_buyer_unit_credit_code', sqliteColumn: 'buyer_unit.creditCode' };

describe('unique violations', () => {
  it('recognises the driver errors of both engines, bare or wrapped by TypeORM', () => {
    for (const driverError of [sqliteDuplicate(), postgresDuplicate]) {
      const wrapped = new QueryFailedError('INSERT', [], driverError as Error);
      expect(isUniqueViolation(driverError)).toBe(true);
      expect(isUniqueViolation(wrapped)).toBe(true);
      expect(violatesUniqueIndex(wrapped, USERNAME)).toBe(true);
      expect(violatesUniqueIndex(wrapped, CREDIT_CODE)).toBe(false);
    }
  });

  it('does not take other errors for one', () => {
    const notNull = Object.assign(new Error('null value'), { code: '23502' });
    for (const err of [new Error('boom'), notNull, undefined, null, 'text']) {
      expect(isUniqueViolation(err)).toBe(false);
      expect(violatesUniqueIndex(err, USERNAME)).toBe(false);
    }
  });
});
