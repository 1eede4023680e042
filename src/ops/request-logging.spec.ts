import express from 'express';
import request from 'supertest';
import { loadConfig } from '../config/app-config';
import { createRequestLogger } from './request-logging';

/** A bare Express app with the request logger in front, writing into an array. */
function appWithLog(level = 'debug') {
  const lines: Record<string, any>[] = [];
  const logger = createRequestLogger(loadConfig({ LOG_LEVEL: level, DATA_DIR: '/tmp' }), {
    write: (s: string) => lines.push(JSON.parse(s)),
  });
  const app = express();
  app.use(logger.middleware);
  app.get('/products', (req, res) => {
    req.log.info({ password: 'hunter2', nested: { _csrf: 'tok' } }, 'inside the handler');
    res.send('ok');
  });
  app.get('/health', (_req, res) => res.json({ status: 'ok' }));
  app.get('/boom', (_req, res) => res.status(500).send('no'));
  return { app, lines };
}

describe('request logging', () => {
  it('writes one line per request with method, path, query names only, status, time and the echoed id', async () => {
    const { app, lines } = appWithLog('info');
    const res = await request(app)
      .get('/products?q=%E5%BC%A0%E4%B8%89&county=1&q=2')
      .set('X-Request-Id', 'abc-1')
      .set('Cookie', 'fupin.sid=s%3Asecret');
    expect(res.headers['x-request-id']).toBe('abc-1');
    const line = lines.find((l) => l.msg === 'request completed')!;
    expect(line).toMatchObject({
      level: 'info',
      reqId: 'abc-1',
      req: { method: 'GET', path: '/products', query: ['county', 'q'] },
      res: { statusCode: 200 },
    });
    expect(typeof line.responseTime).toBe('number');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('张三');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('tok');
    // A message logged while handling the request carries its id.
    expect(lines.find((l) => l.msg === 'inside the handler')).toMatchObject({ reqId: 'abc-1', password: '[redacted]' });
  });

  it('logs 5xx at error without a stand-in error, and health-check successes at debug only', async () => {
    const { app, lines } = appWithLog('info');
    await request(app).get('/boom');
    await request(app).get('/health');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'request failed', res: { statusCode: 500 } });
    expect(lines[0].err).toBeUndefined();

    const verbose = appWithLog('debug');
    await request(verbose.app).get('/health');
    expect(verbose.lines[0]).toMatchObject({ level: 'debug', req: { path: '/health' } });
  });

  it('generates a UUID for a missing or unsafe X-Request-Id', async () => {
    const { app } = appWithLog();
    for (const header of [undefined, 'two words', 'line\\nbreak', 'x'.repeat(129)]) {
      const req = request(app).get('/health');
      if (header) req.set('X-Request-Id', header);
      expect((await req).headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});
