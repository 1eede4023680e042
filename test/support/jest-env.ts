/**
 * Runs before each test file's modules load. With TEST_DATABASE_URL set, the database
 * suites run on PostgreSQL: DATABASE_URL must be set before entity files load, because
 * the timestamp column type depends on the engine.
 */
if (process.env.TEST_DATABASE_URL) {
  process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
} else {
  delete process.env.DATABASE_URL;
}
process.env.TZ ??= 'UTC'; // dates must read as China time whatever the server's zone
