/**
 * Response times of the two pages that sum every intent line of a fair: the organiser's
 * dashboard (/admin) and the public 公示 (/gongshi). Starts the production build on a data
 * set already loaded (SQLite DATA_DIR or DATABASE_URL in `env`), signs an organiser in
 * through the log-in form, and times whole GETs one at a time (never concurrently: the
 * figure is what one organiser waits, not a throughput).
 */
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password';
import { User } from '../auth/user.entity';
import { BenchBrowser } from './bench-browser';
import { DIST_DIR, startServer } from './bench-support';

const ORGANISER = 'bench-organiser';
const PASSWORD = 'bench-password-1';

export interface ReportTimes {
  dashboardMs: number;
  gongshiMs: number;
}

/** Adds the organiser account the measurement signs in with (once per database). */
export async function addBenchOrganiser(db: DataSource): Promise<void> {
  const users = db.getRepository(User);
  if (await users.exists({ where: { username: ORGANISER } })) return;
  await users.insert({ username: ORGANISER, displayName: '压测组织方', role: 'organiser', passwordHash: await hashPassword(PASSWORD) });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

/**
 * Median of `timed` GETs of each page after `warmup` untimed ones (at a million lines one
 * request takes long enough that the bench affords a single one).
 */
export async function measureReports(env: NodeJS.ProcessEnv, rounds: { warmup: number; timed: number }): Promise<ReportTimes> {
  const server = await startServer(path.join(DIST_DIR, 'main.js'), [], env, '/health/live');
  try {
    const organiser = new BenchBrowser(server.url);
    const login = await organiser.post('/login', {
      _csrf: BenchBrowser.token((await organiser.get('/login')).body),
      username: ORGANISER,
      password: PASSWORD,
    });
    if (login.status !== 303) throw new Error(`the bench organiser's log-in answered ${login.status}`);
    const visitor = new BenchBrowser(server.url);
    const time = async (browser: BenchBrowser, url: string) => {
      const times: number[] = [];
      for (let i = 0; i < rounds.warmup + rounds.timed; i++) {
        const started = performance.now();
        const res = await browser.get(url);
        if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
        if (i >= rounds.warmup) times.push(performance.now() - started);
      }
      return Math.round(median(times));
    };
    return { dashboardMs: await time(organiser, '/admin'), gongshiMs: await time(visitor, '/gongshi') };
  } finally {
    await server.stop();
  }
}
