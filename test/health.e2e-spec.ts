import { Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ShutdownState } from '../src/health/shutdown-state';
import { makeUser } from './support/factories';
import { appEnv, ensureBuilt, openDatabase, startApp, type AppEnv, type SpawnedApp } from './support/spawned-app';
import { createTestApp, createTestDatabase, usingPostgres, type TestApp } from './support/test-app';
import { WebClient } from './support/web-client';
import { csrfFrom } from './support/http';
import { TEST_PASSWORD } from './support/factories';

const engine = usingPostgres() ? 'PostgreSQL' : 'SQLite';

describe(`GET /health for a load balancer (${engine})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('answers 200 with the database up, as JSON, without a session or CSRF cookie', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await request(t.http).get('/health/ready').expect(200)).body.status).toBe('ok');
  });

  it('is never rate-limited', async () => {
    const statuses = [];
    for (let i = 0; i < 100; i++) statuses.push((await request(t.http).get('/health')).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('answers 503 with JSON (not the error page) when the database does not answer', async () => {
    jest.spyOn(t.db, 'query').mockRejectedValue(new Error('connection refused'));
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const res = await request(t.http).get('/health').expect(503);
    expect(String(logged.mock.calls[0]?.[0])).toContain('connection refused');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
    // Liveness does not touch the database: an outage must not make an orchestrator restart the instance.
    expect((await request(t.http).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('answers 503 once the instance is shutting down', async () => {
    const state = t.app.get(ShutdownState);
    state.shuttingDown = true;
    try {
      expect((await request(t.http).get('/health').expect(503)).body.status).toBe('shutting_down');
      await request(t.http).get('/health/live').expect(200);
    } finally {
      state.shuttingDown = false;
    }
  });

  it('echoes a sane X-Request-Id and replaces one that could forge a log line', async () => {
    const kept = await request(t.http).get('/health/live').set('X-Request-Id', 'lb-2020.10.17:42');
    expect(kept.headers['x-request-id']).toBe('lb-2020.10.17:42');
    for (const bad of ['has spaces', 'a"b', 'x'.repeat(129)]) {
      const res = await request(t.http).get('/health/live').set('X-Request-Id', bad);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const generated = await request(t.http).get('/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe(`the built app: request logs and graceful shutdown (${engine})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: AppEnv;
  let db: DataSource;
  let username: string;
  let app: SpawnedApp;

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    // Images in a folder on both engines: one test turns a file into a directory to provoke a real 500.
    env = { ...appEnv(database), LOG_LEVEL: 'info', FILE_STORAGE: 'folder' };
    db = await openDatabase(env);
    username = (await makeUser(db, 'organiser', { displayName: '日志测试员' })).username;
    app = await startApp(env);
  }, 180_000);
  afterAll(async () => {
    await app?.stop('SIGKILL');
    await db?.destroy();
    await database?.drop();
  });

  const lineFor = (reqId: string) => app.logLines().find((l) => l.reqId === reqId && l.msg?.startsWith('request'));

  /** Log lines are written when the response has finished; give the pipe a moment. */
  async function eventually<T>(fn: () => T | undefined): Promise<T> {
    for (let i = 0; i < 50; i++) {
      const v = fn();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`not found in the log:\n${app.output().slice(-3000)}`);
  }

  it('writes one JSON line per request: method, path, query keys, status, time and the request id it echoes', async () => {
    const res = await fetch(`${app.url}/products?q=${encodeURIComponent('张三丰')}&page=2&q=x`, {
      headers: { 'X-Request-Id': 'trace-0001' },
    });
    await res.text();
    expect(res.headers.get('x-request-id')).toBe('trace-0001');
    const line = await eventually(() => lineFor('trace-0001'));
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request completed',
      req: { method: 'GET', path: '/products', query: ['page', 'q'] },
      res: { statusCode: res.status },
    });
    expect(typeof line.responseTime).toBe('number');
    expect(typeof line.time).toBe('string');
    expect(app.output()).not.toContain('张三丰');

    // Health checks are polled by the load balancer: logged at debug, so not at info.
    const health = await fetch(`${app.url}/health`);
    await health.text();
    expect(health.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(lineFor(health.headers.get('x-request-id')!)).toBeUndefined();
  });

  it('never logs passwords, cookies or session data', async () => {
    const browser = new WebClient(app.url);
    await browser.signIn(username);
    const page = await browser.get('/admin');
    expect(page.status).toBe(200);
    await eventually(() => app.logLines().find((l) => l.req?.path === '/admin'));
    const output = app.output();
    expect(output).toContain('"path":"/login"');
    expect(output).not.toContain(TEST_PASSWORD);
    expect(output).not.toMatch(/fupin\.sid|fupin\.csrf|cookie|set-cookie|_csrf/i);
    expect(output).not.toContain('日志测试员');
  });

  it('keeps the error filter’s log of a 500 (with the stack) under the request’s id', async () => {
    // A directory where an image file should be: reading it fails with EISDIR, a real 500.
    const key = 'deadbeefdeadbeefdeadbeefdeadbeef.png';
    fs.mkdirSync(path.join(env.DATA_DIR, 'uploads', 'images', key), { recursive: true });
    const res = await fetch(`${app.url}/images/${key}`, { headers: { 'X-Request-Id': 'trace-0500' } });
    await res.text();
    expect(res.status).toBe(500);
    const line = await eventually(() => lineFor('trace-0500'));
    expect(line).toMatchObject({ level: 'error', msg: 'request failed', res: { statusCode: 500 } });
    const filterLine = app.logLines().find((l) => l.context === 'Errors' && l.reqId === 'trace-0500');
    expect(filterLine).toBeDefined();
    expect(filterLine!.level).toBe('error');
    expect(JSON.stringify(filterLine)).toContain('EISDIR');
  });

  it('on SIGTERM refuses new connections, finishes the request in flight and exits 0', async () => {
    const port = Number(new URL(app.url).port);
    // An idle kept-alive connection: Node's server.close() alone would wait for it to time out.
    const agent = new http.Agent({ keepAlive: true });
    // (Wrapped in an object: resolving with the promise itself would wait for the close.)
    const idle = await new Promise<{ closed: Promise<void> }>((resolve, reject) => {
      let closed!: Promise<void>;
      const req = http.get(`${app.url}/health/live`, { agent }, (res) => res.resume().on('end', () => resolve({ closed })));
      req.on('socket', (s: net.Socket) => (closed = new Promise<void>((done) => s.once('close', () => done()))));
      req.on('error', reject);
    });

    // A log-in whose body arrives slowly: the request is in flight when the signal comes.
    const browser = new WebClient(app.url);
    const token = csrfFrom((await browser.get('/login')).text);
    const body = new URLSearchParams({ _csrf: token, username, password: TEST_PASSWORD }).toString();
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (c: Buffer) => (response += c.toString()));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${browser.cookieHeader()}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 200));

    const started = Date.now();
    app.child.kill('SIGTERM');
    await eventually(() => app.logLines().find((l) => l.context === 'Shutdown' && /SIGTERM/.test(l.msg)));
    expect(app.logLines().find((l) => l.context === 'Shutdown')!.msg).toContain('1 request(s) in flight');
    // The idle connection is closed at once, not after the keep-alive timeout (5 s).
    await Promise.race([idle.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('idle connection still open')), 1000))]);
    await expect(fetch(`${app.url}/health/live`)).rejects.toThrow(); // no new connections

    await new Promise((r) => setTimeout(r, 500));
    socket.write(body.slice(10));
    await ended;
    expect(response).toMatch(/^HTTP\/1\.1 303 /);
    expect(response).toMatch(/\r\nConnection: close\r\n/i);
    expect(response).toMatch(/\r\nLocation: \/admin\r\n/i);

    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(app.logLines().some((l) => l.context === 'Shutdown' && l.msg === 'stopped')).toBe(true);
    agent.destroy();
  }, 30_000);
});
