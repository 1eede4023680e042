import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

describe(`database schema (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the migrations build exactly the schema the entities describe', async () => {
    // The same comparison `migration:generate` makes: any pending SQL means drift.
    const pending = await t.db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('every migration has run and none is pending', async () => {
    expect(await t.db.showMigrations()).toBe(false);
    const ran = await t.db.query('SELECT name FROM migrations');
    expect(ran.length).toBe(t.db.migrations.length);
  });

  it('undoing and redoing every migration works', async () => {
    for (let i = 0; i < t.db.migrations.length; i++) await t.db.undoLastMigration();
    expect(await t.db.showMigrations()).toBe(true);
    await t.db.runMigrations();
    const pending = await t.db.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toEqual([]);
  });
});
