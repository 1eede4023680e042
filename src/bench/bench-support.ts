/**
 * What every benchmark section needs: starting a server as a child process on a free port
 * and stopping it again, and measuring a URL under concurrent load with autocannon.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

/**
 * The bench is compiled on its own (tsconfig.bench.json) into bench-build/, so that none of it
 * reaches dist/; it measures the production build in dist/.
 */
export const REPO_DIR = path.resolve(__dirname, '../../..');
export const DIST_DIR = path.join(REPO_DIR, 'dist');
/** Where the compiled bench scripts themselves are (child processes run from here). */
export const BENCH_DIR = __dirname;

/** Connections autocannon keeps open, how long it loads a server, and how many rounds. */
export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Servers compared with each other are measured in alternation, this many times each. */
  rounds: number;
}

export interface LoadResult {
  /** Mean requests per second over the measured seconds. */
  rps: number;
  /** 99th-percentile latency in milliseconds. */
  p99ms: number;
  requests: number;
  /**
   * The server's own CPU time per request (user + system, from /proc; null elsewhere): unlike
   * requests/s it does not depend on what else the machine is running.
   */
  cpuMsPerRequest: number | null;
}

/** Every child process a section started, so that an interrupted run still stops them. */
const running = new Set<ChildProcess>();
const killAll = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * One GET on a connection of its own. (fetch() keeps connections alive: one idle while this
 * process is busy bulk-inserting is closed by the server meanwhile, and reusing it fails.)
 */
export function httpGet(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  /** CPU seconds the server process has used so far (Linux), or null. */
  cpuSeconds(): number | null;
  stop(): Promise<void>;
}

/** utime + stime of a process from /proc/<pid>/stat, in seconds (clock ticks are 1/100 s on Linux). */
function processCpuSeconds(pid: number | undefined): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Starts `node script args…` with `env` (on a free PORT) and waits until `readyPath`
 * answers; its output is kept and shown only if it fails.
 */
export async function startServer(script: string, args: string[], env: NodeJS.ProcessEnv, readyPath = '/'): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  // Only the end of the output is kept, to explain a failed start (the app logs every request).
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${path.basename(script)} exited (${child.exitCode}):\n${output}`);
    try {
      if ((await httpGet(url + readyPath)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${path.basename(script)} did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    cpuSeconds: () => processCpuSeconds(child.pid),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      running.delete(child);
    },
  };
}

/** Loads the server at `path` (a warm-up first, not counted) and fails on any error or non-2xx answer. */
export async function measure(server: Server, path: string, settings: LoadSettings): Promise<LoadResult> {
  const run = (duration: number) => autocannon({ url: server.url + path, connections: settings.connections, duration, pipelining: 1 });
  if (settings.warmupSeconds > 0) await run(settings.warmupSeconds);
  const cpuBefore = server.cpuSeconds();
  const result = await run(settings.seconds);
  const cpuAfter = server.cpuSeconds();
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(`${server.url + path}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  }
  const cpuMsPerRequest =
    cpuBefore !== null && cpuAfter !== null && result.requests.total > 0 ? ((cpuAfter - cpuBefore) * 1000) / result.requests.total : null;
  return { rps: result.requests.average, p99ms: result.latency.p99, requests: result.requests.total, cpuMsPerRequest };
}
