import { AppError } from '../../common/app-error';
import { ImportParseQueue, PARSE_BUSY_MESSAGE } from './import-parse-queue';
import { PARSE_QUEUE_LENGTH } from './import-limits';

describe('ImportParseQueue', () => {
  const queue = new ImportParseQueue();
  afterAll(() => queue.onModuleDestroy());

  it('runs one parse at a time, lets a couple wait their turn, and asks the rest to retry', async () => {
    const order: string[] = [];
    let release!: () => void;
    const first = queue.exclusive(() => new Promise<void>((resolve) => (release = resolve)).then(() => order.push('first')));
    const waiting = Array.from({ length: PARSE_QUEUE_LENGTH }, (_, i) => queue.exclusive(async () => order.push(`waiting ${i}`)));
    expect(queue.queued).toBe(PARSE_QUEUE_LENGTH);

    const refused = await queue.exclusive(async () => order.push('refused')).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', message: PARSE_BUSY_MESSAGE });

    release();
    await Promise.all([first, ...waiting]);
    expect(order).toEqual(['first', ...waiting.map((_, i) => `waiting ${i}`)]);
    expect(queue.queued).toBe(0);
  });

  it('frees its turn when a parse fails', async () => {
    await expect(queue.exclusive(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.exclusive(async () => 'next')).toBe('next');
  });
});
