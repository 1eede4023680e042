import express from 'express';
import session from 'express-session';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { addLocalsAtRender, saveSessionBeforeRedirect } from './response-patches';

/** A view engine that answers with the locals it was given, so the tests can read them. */
function appWithLocalsEngine(): express.Express {
  const app = express();
  app.engine('txt', (_file, options, cb) => {
    const { settings: _settings, _locals, cache: _cache, ...locals } = options as Record<string, unknown>;
    cb(null, JSON.stringify(locals));
  });
  const views = fs.mkdtempSync(path.join(os.tmpdir(), 'response-patches-'));
  fs.writeFileSync(path.join(views, 'page.txt'), '');
  app.set('view engine', 'txt');
  app.set('views', views);
  return app;
}

describe('addLocalsAtRender', () => {
  it('adds what the loader returns to the locals of a rendered page, beside the page’s own', async () => {
    const app = appWithLocalsEngine();
    app.use((req, res, next) => {
      addLocalsAtRender(req, res, async () => ({ fair: '展销会' }));
      next();
    });
    app.get('/', (_req, res) => res.render('page', { title: '首页' }));
    const res = await request(app).get('/').expect(200);
    expect(JSON.parse(res.text)).toEqual({ title: '首页', fair: '展销会' });
  });

  it('loads nothing for a response that does not render', async () => {
    const app = appWithLocalsEngine();
    let loads = 0;
    app.use((req, res, next) => {
      addLocalsAtRender(req, res, async () => ({ n: ++loads }));
      next();
    });
    app.get('/', (_req, res) => res.redirect('/elsewhere'));
    await request(app).get('/').expect(302);
    expect(loads).toBe(0);
  });

  it('passes a failing loader to the error handler instead of rendering', async () => {
    const app = appWithLocalsEngine();
    app.use((req, res, next) => {
      addLocalsAtRender(req, res, () => Promise.reject(new Error('settings unreadable')));
      next();
    });
    app.get('/', (_req, res) => res.render('page'));
    app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).send(err.message);
    });
    const res = await request(app).get('/').expect(500);
    expect(res.text).toBe('settings unreadable');
  });
});

describe('saveSessionBeforeRedirect', () => {
  /** Serves `app`, requests `path` and resolves as soon as the response's headers arrive. */
  async function headersOf(app: express.Express, path: string): Promise<http.IncomingMessage> {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      return await new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path }, (res) => {
          resolve(res);
          res.resume();
        });
        req.on('error', reject);
      });
    } finally {
      server.close();
    }
  }

  function appWithSlowStore(saved: string[]): express.Express {
    const store = new session.MemoryStore();
    const set = store.set.bind(store);
    // A store that takes a while, like the database: the redirect must wait for it.
    store.set = (sid, data, cb) => setTimeout(() => set(sid, data, (err) => (saved.push(sid), cb?.(err))), 50);
    const app = express();
    app.use(session({ secret: 'test', resave: false, saveUninitialized: false, store }));
    app.use(saveSessionBeforeRedirect);
    app.get('/sign-in', (req, res) => {
      req.session.startedAt = Date.now();
      res.redirect('/next');
    });
    app.get('/visit', (_req, res) => res.redirect('/next'));
    return app;
  }

  it('has saved the session when the redirect’s headers reach the browser', async () => {
    const saved: string[] = [];
    const res = await headersOf(appWithSlowStore(saved), '/sign-in');
    expect(res.statusCode).toBe(302);
    expect(saved).toHaveLength(1);
  });

  it('writes no session for a request that has none', async () => {
    const saved: string[] = [];
    const res = await headersOf(appWithSlowStore(saved), '/visit');
    expect(res.statusCode).toBe(302);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(saved).toHaveLength(0);
  });
});
