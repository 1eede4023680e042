/**
 * npm run bench [-- --json FILE] [--only catalogue|intents|export|login|postgres|scale] [--seconds 6] [--rounds 3]
 *
 * Runs the benchmark sections in turn on the production build (dist/) and prints a table per
 * section; with --json, also writes { commit, machine, <section>: {…} } to FILE. Kept out of
 * `npm test`: the figures depend on the machine, so they are reported (README), not asserted.
 *
 * A section is a BenchSection in its own file, listed in SECTIONS below: it starts what it
 * needs, returns its JSON object and its table, and stops what it started. An opt-in section
 * (scale) runs only with --only.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { REPO_DIR, type LoadSettings } from './bench-support';
import { catalogueBench, postgresBench } from './catalogue.bench';
import { exportBench } from './export.bench';
import { intentsBench } from './intents.bench';
import { loginBench } from './login.bench';
import { scaleBench } from './scale.bench';

export interface BenchSection<T extends object = object> {
  /** The key of the section in the JSON output, and the name for --only. */
  name: string;
  run(
    settings: LoadSettings,
    log: (line: string) => void,
  ): Promise<{ json: T; table: string[][]; /** Further top-level keys measured on the same data. */ sections?: Record<string, object> }>;
  /** Run only when named with --only (too long for the whole bench's budget). */
  optIn?: boolean;
}

const SECTIONS: BenchSection[] = [catalogueBench, intentsBench, exportBench, loginBench, postgresBench, scaleBench];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function commit(): string | null {
  try {
    const root = REPO_DIR;
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function printTable(rows: string[][]): void {
  // Chinese and other wide characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\uffff]/.test(c) && !/[–≥]/.test(c) ? 2 : 1), 0);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c + ' '.repeat(widths[i] - width(c)) : ' '.repeat(widths[i] - width(c)) + c)).join('  ');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

async function main(): Promise<void> {
  const only = option('only');
  const jsonFile = option('json');
  const settings: LoadSettings = {
    connections: 20,
    warmupSeconds: 5,
    seconds: Number(option('seconds') ?? 6),
    rounds: Number(option('rounds') ?? 3),
  };
  const sections = SECTIONS.filter((s) => (only ? s.name === only : !s.optIn));
  if (sections.length === 0) throw new Error(`no section named ${only}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);

  const cpus = os.cpus();
  const machine = `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.type()} ${os.release()}, Node ${process.version}`;
  const output: Record<string, unknown> = { commit: commit(), machine };
  console.log(`machine: ${machine}`);
  console.log(
    `load: autocannon, ${settings.connections} connections; per server ${settings.warmupSeconds} s warm-up, then ${settings.rounds} rounds of ${settings.seconds} s in alternation (medians)\n`,
  );

  for (const section of sections) {
    const started = Date.now();
    const { json, table, sections: more } = await section.run(settings, (l) => console.log(`[${section.name}] ${l}`));
    output[section.name] = json;
    Object.assign(output, more);
    console.log(`\n${section.name} (${Math.round((Date.now() - started) / 1000)} s)`);
    printTable(table);
    console.log('');
  }
  // Every figure of the run in one table, with the commit it ran on (the same as --json).
  const summary: string[][] = [['figure', 'value']];
  const add = (prefix: string, figures: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(figures)) {
      if (typeof value === 'object' && value !== null) add(`${prefix}${key}.`, value as Record<string, unknown>);
      else if (prefix) summary.push([`${prefix}${key}`, String(value)]); // not commit and machine
    }
  };
  add('', output);
  console.log(`all figures (commit ${output.commit ?? 'unknown'})`);
  printTable(summary);
  console.log('');

  if (jsonFile) {
    fs.writeFileSync(jsonFile, JSON.stringify(output, null, 2) + '\n');
    console.log(`wrote ${jsonFile}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
