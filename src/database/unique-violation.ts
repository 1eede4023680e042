/** The code each engine gives a unique-index violation. */
const UNIQUE_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE']);

interface DriverError {
  code?: string;
  /** PostgreSQL: the name of the index that refused. */
  constraint?: string;
  /** SQLite: "UNIQUE constraint failed: table.column". */
  message?: string;
}

/** The driver's error, from TypeORM's QueryFailedError or as the driver threw it. */
function driverErrorOf(err: unknown): DriverError | undefined {
  const e = err as (DriverError & { driverError?: DriverError }) | undefined;
  return e?.driverError ?? e ?? undefined;
}

/**
 * True for the unique-index violation both engines raise when a key is inserted twice: an
 * expected outcome of a race or a repeated submission, which the services answer kindly.
 */
export function isUniqueViolation(err: unknown): boolean {
  return UNIQUE_CODES.has(driverErrorOf(err)?.code ?? '');
}

/**
 * True when a unique violation is that of one index. PostgreSQL names the index; SQLite
 * names the table and column instead, so the caller gives both.
 */
export function violatesUniqueIndex(err: unknown, index: { name: string; sqliteColumn: string }): boolean {
  const driver = driverErrorOf(err);
  if (driver?.code === '23505') return driver.constraint === index.name;
  if (driver?.code === 'SQLITE_CONSTRAINT_UNIQUE') return driver.message?.includes(index.sqliteColumn) ?? false;
  return false;
}
