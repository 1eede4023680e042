import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IMPORT_COLUMNS } from '../products/import/import-columns';
import { productRow, templateWith } from '../../test/support/testing-sheets';
import { handMadeWorkbook, hostileWorkbooks as hostile, type HandCell } from '../../test/support/testing-workbooks';
import { DIST_DIR } from './bench-support';

/**
 * Measures what each hostile upload of issue 9 costs the server; run by hand, asserts nothing:
 *
 *   npx nest build && npx tsc -p tsconfig.bench.json && node bench-build/src/bench/measure-uploads.js [path/to/another/build/main.js]
 *
 * Starts the built app (dist/main.js, NODE_ENV=production, SQLite, SEED_DEMO=true) on a fresh
 * DATA_DIR, signs in as the demo county 砀山县, uploads each file through the real route and
 * prints per upload: the answer, the server's peak RSS (VmHWM, reset before each upload; the
 * parse worker is a thread of the same process), the longest event-loop stall inside the
 * server (perf_hooks.monitorEventLoopDelay, loaded with --require) and the slowest
 * /health/live answer seen by a client polling every 20 ms meanwhile.
 */

const PROBE = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const fs = require('node:fs');
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
process.on('SIGUSR2', () => {
  fs.writeFileSync(process.env.PROBE_OUT + '.tmp', JSON.stringify({ maxMs: histogram.max / 1e6 }));
  fs.renameSync(process.env.PROBE_OUT + '.tmp', process.env.PROBE_OUT);
  histogram.reset();
});
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 2,000 rows with every cell wrong and 16 more columns of text: the largest preview a file can ask for. */
function everyCellWrong(): Buffer {
  const headings: HandCell[] = [...IMPORT_COLUMNS.map((c) => c.heading)];
  const rows: HandCell[][] = [headings];
  for (let r = 0; r < 2000; r++)
    rows.push(Array.from({ length: 30 }, (_, c) => (c === 0 ? `坏-${r}-${'x'.repeat(40)}` : `错误内容${c}`.repeat(20))));
  return handMadeWorkbook({ sheets: [{ name: '产品导入', rows }] });
}

class Client {
  private readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(method: string, url: string, body?: FormData | URLSearchParams): Promise<{ status: number; text: string }> {
    const res = await fetch(this.base + url, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return { status: res.status, text: await res.text() };
  }

  async token(url: string): Promise<string> {
    const page = await this.request('GET', url);
    return /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  }
}

const status = (pid: number, field: string) => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(m![1]) / 1024);
};

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-measure-'));
  fs.writeFileSync(path.join(dir, 'probe.js'), PROBE);
  const probeOut = path.join(dir, 'probe.json');
  const port = 4100 + Math.floor(Math.random() * 500);
  const main = process.argv[2] ?? path.join(DIST_DIR, 'main.js');
  const child = spawn(process.execPath, ['--require', path.join(dir, 'probe.js'), main], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dir,
      NODE_ENV: 'production',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'error',
      PROBE_OUT: probeOut,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = child.pid!;
  const client = new Client(`http://127.0.0.1:${port}`);
  try {
    for (let i = 0; ; i++) {
      if (
        await client.request('GET', '/health/live').then(
          (r) => r.status === 200,
          () => false,
        )
      )
        break;
      if (i > 600) throw new Error('the app did not start');
      await sleep(100);
    }
    const login = new URLSearchParams({ _csrf: await client.token('/login'), username: 'county-341321', password: 'fupin2020' });
    if ((await client.request('POST', '/login', login)).status !== 303) throw new Error('log-in failed');

    const files: [string, () => Buffer | Promise<Buffer>][] = [
      ['merge $A$100:$XFD$60000', () => hostile.mergeBomb('$A$100:$XFD$60000')],
      ["merge 'A100:XFD60000'", () => hostile.mergeBomb('A100:XFD60000', "'")],
      ['merge a100:xfd60000', () => hostile.mergeBomb('a100:xfd60000')],
      ['<col min=15 max=300000000>', () => hostile.columnBomb()],
      ['700,000 <xf/>', () => hostile.stylesBomb()],
      ['2.9 M rich-text runs', () => hostile.richTextBomb()],
      ['2.9 M empty runs', () => hostile.richTextBomb(2_900_000, '')],
      ['hidden first sheet', () => hostile.hiddenFirstSheet('hidden')],
      ['very hidden template', () => hostile.hiddenTemplateSheet('veryHidden')],
      ['zip bomb (60 MB sheet)', () => hostile.zipBomb()],
      ['2,000 valid rows (template)', () => templateWith(Array.from({ length: 2000 }, (_, i) => productRow(i + 1)))],
      ['2,000 rows, every cell wrong', everyCellWrong],
    ];
    console.log(`server pid ${pid}; RSS before any upload ${status(pid, 'VmRSS')} MB\n`);
    console.log('| upload | packed | answer | server peak RSS | longest event-loop stall | slowest /health/live |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const [name, make] of files) {
      const bytes = await make();
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
      fs.rmSync(probeOut, { force: true });
      process.kill(pid, 'SIGUSR2'); // resets the stall histogram
      while (!fs.existsSync(probeOut)) await sleep(5);

      let polling = true;
      let slowest = 0;
      const poll = (async () => {
        while (polling) {
          const started = performance.now();
          await client.request('GET', '/health/live');
          slowest = Math.max(slowest, performance.now() - started);
          await sleep(20);
        }
      })();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), 'upload.xlsx');
      const started = performance.now();
      const res = await client.request('POST', `/county/import?_csrf=${encodeURIComponent(await client.token('/county/import'))}`, form);
      const took = performance.now() - started;
      polling = false;
      await poll;

      fs.rmSync(probeOut, { force: true });
      process.kill(pid, 'SIGUSR2');
      while (!fs.existsSync(probeOut)) await sleep(5);
      const { maxMs } = JSON.parse(fs.readFileSync(probeOut, 'utf8')) as { maxMs: number };
      const message = /class="flash flash-error"[^>]*>([^<]{0,40})/.exec(res.text)?.[1] ?? (/有效 \d+ 行/.exec(res.text)?.[0] || '');
      console.log(
        `| ${name} | ${(bytes.length / 1024).toFixed(0)} KB | ${res.status} ${message.trim()} (${took.toFixed(0)} ms) | ${status(pid, 'VmHWM')} MB | ${maxMs.toFixed(0)} ms | ${slowest.toFixed(0)} ms |`,
      );
    }
    console.log(`\nRSS after the uploads ${status(pid, 'VmRSS')} MB`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
