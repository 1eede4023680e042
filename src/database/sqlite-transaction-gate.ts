import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** One top-level transaction: the async context that opened it owns the connection until it ends. */
interface Owner {
  /** Set once the owner has held the gate; an owner never holds it twice. */
  used: boolean;
  /** Resolves when its transaction has ended (committed or rolled back). */
  ended?: Promise<void>;
}

/**
 * TypeORM's better-sqlite3 driver runs every query, and every transaction, through ONE
 * shared query runner. Two requests that open transactions at the same time would nest one
 * inside the other (as a savepoint, rolled back with the outer one even after it had
 * "committed"), and a plain query from a third request would join whichever transaction
 * happens to be open — and be rolled back with it.
 *
 * This gate restores what a connection pool gives on PostgreSQL, for EVERY transaction: the
 * explicit ones (manager.transaction) and the implicit ones TypeORM opens itself (save() and
 * remove() outside a transaction, migrations). It sits where they all pass, the runner's
 * startTransaction/commitTransaction/rollbackTransaction: top-level transactions run one at a
 * time (FIFO), and queries from outside the open transaction wait until it ends. Work inside a
 * transaction (its async context, tracked with AsyncLocalStorage) passes straight through, so
 * nested transactions still become savepoints. Outside the owner, the runner reports no open
 * transaction, so a save() elsewhere opens its own and queues for the gate instead of joining.
 * better-sqlite3 itself is synchronous, so each single statement is already atomic.
 *
 * A patch, deliberately: it replaces the shared runner's query and transaction methods and
 * dataSource.manager.transaction, because TypeORM offers no hook where every transaction
 * passes. Tested by test/transactions.e2e-spec.ts. (The app's other patches, of Express's
 * res.render and res.redirect, are in common/response-patches.ts.)
 */
export function installSqliteTransactionGate(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const context = new AsyncLocalStorage<Owner>();
  const runner: QueryRunner = dataSource.driver.createQueryRunner('master');
  // TypeORM's own nesting counter (protected): 0 outside a transaction, 1 in a top-level one.
  const state = runner as unknown as { transactionDepth: number };

  let queue: Promise<void> = Promise.resolve();
  /** The owner of the open (or starting) transaction. */
  let current: Owner | null = null;
  let endCurrent: (() => void) | null = null;
  /** Statements from outside a transaction that have started and not finished. */
  let outside = 0;
  let drained: (() => void) | null = null;

  const inside = (): boolean => current !== null && context.getStore() === current;

  /** Waits for the transactions queued before, then for the outside statements in flight. */
  async function acquire(owner: Owner): Promise<void> {
    owner.used = true;
    let release!: () => void;
    owner.ended = new Promise<void>((resolve) => (release = resolve));
    const previous = queue;
    queue = previous.then(() => owner.ended);
    await previous;
    current = owner;
    endCurrent = () => {
      current = null;
      endCurrent = null;
      release();
    };
    while (outside > 0) await new Promise<void>((resolve) => (drained = resolve));
  }

  // Only the owner sees its transaction; anyone else sees none, and so opens (and queues) its own.
  let active = runner.isTransactionActive;
  Object.defineProperty(runner, 'isTransactionActive', {
    configurable: true,
    get: () => active && inside(),
    set: (value: boolean) => (active = value),
  });

  const startTransaction = runner.startTransaction.bind(runner);
  runner.startTransaction = async (isolationLevel) => {
    if (inside()) return startTransaction(isolationLevel); // nested: a savepoint
    let owner = context.getStore();
    if (!owner || owner.used) {
      // An implicit transaction (save(), migrations): the rest of the caller's async function
      // (TypeORM awaits this and then runs the transaction's statements) is its owner.
      owner = { used: false };
      context.enterWith(owner);
    }
    await acquire(owner);
    try {
      await startTransaction(isolationLevel);
    } catch (err) {
      // Nothing may stay open behind a failed start (a subscriber that threw after BEGIN).
      if (state.transactionDepth > 0) await runner.rollbackTransaction().catch(() => undefined);
      active = false;
      state.transactionDepth = 0;
      endCurrent?.();
      throw err;
    }
  };

  const endWith = (finish: () => Promise<void>, always: boolean) => async (): Promise<void> => {
    const topLevel = inside() && state.transactionDepth === 1;
    try {
      await finish();
    } finally {
      // A failed COMMIT leaves the transaction open for the rollback that follows; a failed
      // ROLLBACK leaves nothing worth keeping (TypeORM ignores that error): end it regardless.
      if (topLevel && (always || !active)) {
        active = false;
        state.transactionDepth = 0;
        endCurrent?.();
      }
    }
  };
  runner.commitTransaction = endWith(runner.commitTransaction.bind(runner), false);
  runner.rollbackTransaction = endWith(runner.rollbackTransaction.bind(runner), true);

  // Explicit transactions (dataSource.transaction() and every repository's manager go through
  // this manager) own exactly their callback's async context, not their caller's.
  const manager: EntityManager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = ((...args: unknown[]) =>
    inside() ? transaction(...args) : context.run({ used: false }, () => transaction(...args))) as EntityManager['transaction'];

  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = (async (...args: unknown[]) => {
    if (inside()) return query(...args);
    while (current) await current.ended;
    outside += 1;
    try {
      return await query(...args);
    } finally {
      outside -= 1;
      if (outside === 0 && drained) {
        const wake = drained;
        drained = null;
        wake();
      }
    }
  }) as QueryRunner['query'];
}
