/**
 * Column types that differ between the two engines. Decorators are evaluated when
 * the entity files load, so the engine is read from the environment here: the app,
 * the CLI and the tests all set DATABASE_URL before loading entities.
 */
export const isPostgres = (): boolean => /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');

/** timestamptz on PostgreSQL (plain `timestamp` would drop the zone), datetime on SQLite. */
export const TIMESTAMP: 'timestamptz' | 'datetime' = isPostgres() ? 'timestamptz' : 'datetime';

/** Raw bytes: bytea on PostgreSQL, blob on SQLite (both come back as a Buffer). */
export const BYTES: 'bytea' | 'blob' = isPostgres() ? 'bytea' : 'blob';
