import { AppError } from '../common/app-error';
import { BUSY_MESSAGE, HashingGate } from './hashing-gate';

/** A job that finishes when the test says so, recording when it started. */
function controlledJob(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { job: () => (started.push(name), done), finish: () => finish() };
}

/** Lets the gate's promise chains run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the password-hashing gate', () => {
  it('runs at most `concurrent` jobs at once and starts the next when one finishes', async () => {
    const gate = new HashingGate({ concurrent: 2, perClient: 10, waiting: 10 });
    const started: string[] = [];
    const jobs = ['a1', 'a2', 'a3'].map((n) => controlledJob(started, n));
    const runs = jobs.map((j) => gate.run('a', j.job));
    await settle();
    expect(started).toEqual(['a1', 'a2']);
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    jobs[0].finish();
    await settle();
    expect(started).toEqual(['a1', 'a2', 'a3']);
    jobs[1].finish();
    jobs[2].finish();
    await Promise.all(runs);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('gives the next free slot to another address before the rest of a burst', async () => {
    const gate = new HashingGate({ concurrent: 1, perClient: 10, waiting: 20 });
    const started: string[] = [];
    const flood = ['f1', 'f2', 'f3', 'f4', 'f5'].map((n) => controlledJob(started, n));
    const runs = flood.map((j) => gate.run('flood', j.job));
    const genuine = controlledJob(started, 'genuine');
    runs.push(gate.run('genuine', genuine.job));
    await settle();
    expect(started).toEqual(['f1']);
    flood[0].finish();
    await settle();
    flood[1].finish();
    await settle();
    // f1 ran, then the flood's next waiting job (f2), then the genuine user, not f3…f5.
    expect(started).toEqual(['f1', 'f2', 'genuine']);
    genuine.finish();
    for (const j of flood.slice(2)) j.finish();
    await Promise.all(runs);
    expect(started).toEqual(['f1', 'f2', 'genuine', 'f3', 'f4', 'f5']);
  });

  it('refuses at once, with a Chinese message, a job beyond one address’s share or beyond the waiting line', async () => {
    const gate = new HashingGate({ concurrent: 1, perClient: 2, waiting: 3 });
    const started: string[] = [];
    const held = [controlledJob(started, 'a1'), controlledJob(started, 'a2')];
    const runs = held.map((j) => gate.run('a', j.job));
    const refused = gate.run('a', async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: 'BUSY', message: BUSY_MESSAGE });

    // Others may still wait, until the line (3) is full.
    const others = ['b', 'c'].map((client) => controlledJob(started, client));
    runs.push(...others.map((j, i) => gate.run(['b', 'c'][i], j.job)));
    await expect(gate.run('d', async () => 'never')).rejects.toMatchObject({ code: 'BUSY' });

    for (const j of [...held, ...others]) j.finish();
    await Promise.all(runs);
    expect(started).not.toContain('never');
    // A refused job left nothing behind: the address has its whole share again.
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
    await expect(gate.run('a', async () => 'ran')).resolves.toBe('ran');
  });

  it('frees the slot when a job fails', async () => {
    const gate = new HashingGate({ concurrent: 1, perClient: 1, waiting: 1 });
    await expect(gate.run('a', () => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
    await expect(gate.run('a', async () => 'ran')).resolves.toBe('ran');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
