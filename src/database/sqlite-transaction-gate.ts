import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver runs every query, and every transaction, through ONE
 * shared query runner. Two requests that open transactions at the same time would nest one
 * inside the other (as a savepoint), and a plain query from a third request would join
 * whichever transaction happens to be open — and be rolled back with it.
 *
 * This gate restores what a connection pool gives on PostgreSQL: top-level transactions run
 * one at a time (FIFO), and queries from outside the open transaction wait until it ends.
 * Work inside a transaction (tracked with AsyncLocalStorage) passes straight through, so
 * nested transactions still become savepoints as TypeORM intends. better-sqlite3 itself is
 * synchronous, so each single statement is already atomic.
 */
export function installSqliteTransactionGate(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const insideTransaction = new AsyncLocalStorage<true>();
  let queue: Promise<void> = Promise.resolve();
  let open: Promise<void> | null = null;

  const manager: EntityManager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = (async (...args: unknown[]) => {
    if (insideTransaction.getStore()) return transaction(...args);
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const previous = queue;
    queue = previous.then(() => done);
    await previous;
    open = done;
    try {
      return await insideTransaction.run(true, () => transaction(...args));
    } finally {
      open = null;
      release();
    }
  }) as EntityManager['transaction'];

  const runner: QueryRunner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = (async (...args: unknown[]) => {
    while (open && !insideTransaction.getStore()) await open;
    return query(...args);
  }) as QueryRunner['query'];
}
