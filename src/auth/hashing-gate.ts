import { availableParallelism } from 'node:os';
import { AppError } from '../common/app-error';

/**
 * How much password hashing may go on at once. One scrypt takes ≈ 0.1 s of a core and 32 MiB;
 * unbounded, 200 log-ins sent at once made every log-in on the server wait seconds.
 */
export interface HashingLimits {
  /** scrypt jobs running at the same time. */
  concurrent: number;
  /** Jobs of one client address, running or waiting: a burst from one address beyond this is refused. */
  perClient: number;
  /** Jobs waiting in all: beyond this, every address is refused until the queue drains. */
  waiting: number;
}

/**
 * One scrypt per core but one, at least one and at most three: a core stays free for the
 * event loop, which during a flood has hundreds of requests to refuse (on 2 cores, two jobs
 * at once made a genuine log-in during the bench's flood slower, not faster), and a thread of
 * libuv's four stays free for file I/O.
 */
export const HASHING_LIMITS: HashingLimits = {
  concurrent: Math.min(3, Math.max(1, availableParallelism() - 1)),
  perClient: 32,
  waiting: 100,
};

export const BUSY_MESSAGE = '登录的人太多，请稍后再试';

/**
 * A semaphore for password hashing with a waiting line per client address, served in turn
 * (round robin): a flood from one address queues behind itself, and a log-in from anyone
 * else gets the next free slot. What does not fit is refused at once (503, BUSY_MESSAGE)
 * rather than left waiting, so a flood costs the server almost nothing beyond the jobs it
 * was allowed to queue.
 */
export class HashingGate {
  private running = 0;
  private waitingCount = 0;
  /** Waiting jobs by client, in the order clients are served (Map order, rotated on each turn). */
  private readonly queues = new Map<string, (() => void)[]>();
  private readonly perClient = new Map<string, number>();

  constructor(private readonly limits: HashingLimits = HASHING_LIMITS) {}

  /** Runs `job` when a slot is free, or throws AppError BUSY when there is no room to wait. */
  async run<T>(client: string, job: () => Promise<T>): Promise<T> {
    const mine = this.perClient.get(client) ?? 0;
    const mustWait = this.running >= this.limits.concurrent;
    if (mine >= this.limits.perClient || (mustWait && this.waitingCount >= this.limits.waiting)) {
      throw new AppError('BUSY', BUSY_MESSAGE);
    }
    this.perClient.set(client, mine + 1);
    try {
      if (mustWait) await this.waitForTurn(client);
      else this.running++;
      try {
        return await job();
      } finally {
        this.handOver();
      }
    } finally {
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
    }
  }

  /** Jobs running and waiting now (for tests and the bench's curiosity). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waitingCount };
  }

  private waitForTurn(client: string): Promise<void> {
    this.waitingCount++;
    return new Promise((resolve) => {
      const queue = this.queues.get(client);
      if (queue) queue.push(resolve);
      else this.queues.set(client, [resolve]);
    });
  }

  /** A finished job's slot goes to the next client in turn; that client moves to the back. */
  private handOver(): void {
    const next = this.queues.entries().next();
    if (next.done) {
      this.running--;
      return;
    }
    const [client, queue] = next.value;
    const resolve = queue.shift()!;
    this.queues.delete(client);
    if (queue.length > 0) this.queues.set(client, queue);
    this.waitingCount--;
    resolve();
  }
}
