/**
 * The log-in flood benchmark: 200 log-ins sent at once from one address, each with a made-up
 * username (each one costs a password hash), and meanwhile one genuine log-in from another
 * address, timed. Before the hashing was bounded, such a flood made a genuine log-in take 7 s.
 *
 * The app is the production build on a fresh SQLite DATA_DIR with the demo data, trusting one
 * proxy (TRUST_PROXY=1), so that X-Forwarded-For gives each simulated client its address: the
 * flood comes from 198.51.100.x, the genuine user from 203.0.113.x (documentation ranges; no
 * packet leaves this machine). Several rounds, each with fresh addresses: the median is reported.
 *
 * Reported: `floodRequests` per round, `genuineLoginMs` (the genuine POST /login, median over
 * the rounds) and `refused` (flood requests answered 429 or 503, median over the rounds).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BenchBrowser, type BenchResponse } from './bench-browser';
import { DIST_DIR, startServer } from './bench-support';
import type { BenchSection } from './run-bench';

/** Exactly the keys of the login section in `--json` output. */
export interface LoginBenchResult {
  floodRequests: number;
  genuineLoginMs: number;
  refused: number;
}

const FLOOD = 200;
/** A demo account (seed/data/users.json) and the demo password. */
const GENUINE = { username: 'buyer-supermarket-1', password: 'fupin2020' };
/** The genuine log-in is sent this long after the flood, when the flood fills the server's queue. */
const GENUINE_DELAY_MS = 50;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A genuine log-in from `address`: the form is fetched first (not timed), then the POST is timed. */
async function timedLogIn(base: string, address: string): Promise<{ ms: number; res: BenchResponse }> {
  const browser = new BenchBrowser(base, { 'x-forwarded-for': address });
  const _csrf = BenchBrowser.token((await browser.get('/login')).body);
  const started = process.hrtime.bigint();
  const res = await browser.post('/login', { _csrf, ...GENUINE });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, res };
}

interface Round {
  quietMs: number;
  genuineMs: number;
  statuses: Map<number, number>;
}

async function round(base: string, n: number): Promise<Round> {
  // A genuine log-in with no flood, for comparison.
  const quiet = await timedLogIn(base, `203.0.113.${2 * n + 1}`);
  if (quiet.res.status !== 303) throw new Error(`the quiet log-in answered ${quiet.res.status}`);

  const flooder = new BenchBrowser(base, { 'x-forwarded-for': `198.51.100.${n + 1}` });
  const _csrf = BenchBrowser.token((await flooder.get('/login')).body);
  const flood = Array.from({ length: FLOOD }, () =>
    flooder.post('/login', { _csrf, username: `nobody-${randomBytes(6).toString('hex')}`, password: 'guess-1234' }),
  );
  await new Promise((resolve) => setTimeout(resolve, GENUINE_DELAY_MS));
  const genuine = await timedLogIn(base, `203.0.113.${2 * n + 2}`);
  if (genuine.res.status !== 303) throw new Error(`the genuine log-in during the flood answered ${genuine.res.status}`);

  const statuses = new Map<number, number>();
  for (const res of await Promise.all(flood)) statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const unexpected = [...statuses.keys()].filter((s) => ![422, 429, 503].includes(s));
  if (unexpected.length > 0) throw new Error(`flood answers other than 422/429/503: ${unexpected.join(', ')}`);
  return { quietMs: quiet.ms, genuineMs: genuine.ms, statuses };
}

export const loginBench: BenchSection<LoginBenchResult> = {
  name: 'login',
  async run(settings, log) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-bench-login-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '1',
    };
    delete env.DATABASE_URL;
    delete env.LOGIN_LIMIT_PER_ADDRESS; // the default limits, as deployed
    const server = await startServer(path.join(DIST_DIR, 'main.js'), [], env, '/health');
    try {
      const rounds: Round[] = [];
      for (let n = 0; n < settings.rounds; n++) {
        log(`round ${n + 1}: ${FLOOD} log-ins with made-up usernames from one address, one genuine log-in from another…`);
        rounds.push(await round(server.url, n));
      }
      const refusedOf = (r: Round) => (r.statuses.get(429) ?? 0) + (r.statuses.get(503) ?? 0);
      const json: LoginBenchResult = {
        floodRequests: FLOOD,
        genuineLoginMs: Math.round(median(rounds.map((r) => r.genuineMs))),
        refused: median(rounds.map(refusedOf)),
      };
      const table = [
        ['round', 'genuine log-in, quiet (ms)', 'during the flood (ms)', 'flood: 422 hashed', '429 limited', '503 queue full'],
        ...rounds.map((r, i) => [
          String(i + 1),
          String(Math.round(r.quietMs)),
          String(Math.round(r.genuineMs)),
          String(r.statuses.get(422) ?? 0),
          String(r.statuses.get(429) ?? 0),
          String(r.statuses.get(503) ?? 0),
        ]),
      ];
      return { json, table };
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
