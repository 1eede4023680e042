/**
 * One measured export for the export benchmark, in a process of its own so that its peak
 * RSS is its own: boots the application context on DATA_DIR (SQLite, already loaded by the
 * parent), writes 签约汇总表 for the whole fair to OUT_FILE through the same ExportsService
 * as the download, and prints one JSON line: seconds (the export alone, not the boot),
 * lines, bytes, the RSS after boot and the peak RSS of the process (MB).
 */
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { ExportsService } from '../exports/exports.service';

export interface ExportChildResult {
  seconds: number;
  lines: number;
  bytes: number;
  baselineRssMb: number;
  peakRssMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/**
 * This process's own peak RSS. Not process.resourceUsage().maxRSS: on Linux that survives
 * exec, so a child spawned by a large parent (the whole bench, after the catalogue sections)
 * reports at least the parent's size. VmHWM in /proc/self/status is the high-water mark of
 * this process's own memory since its exec; maxRSS only where /proc is missing.
 */
function peakRssBytes(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+)\s+kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // not Linux
  }
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS * 1024;
}

async function main(): Promise<void> {
  const out = process.env.OUT_FILE;
  if (!out) throw new Error('OUT_FILE is not set');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig()), { logger: ['error'] });
  try {
    const exports = app.get(ExportsService);
    const filter = await exports.resolveFilter({});
    const baselineRssMb = mb(process.memoryUsage.rss());
    const started = process.hrtime.bigint();
    let file: fs.WriteStream | undefined;
    const result = await exports.fairWorkbook(filter, () => (file = fs.createWriteStream(out)));
    if (file && !file.closed) await new Promise<void>((resolve) => file!.once('close', () => resolve()));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const report: ExportChildResult = {
      seconds: Math.round(seconds * 1000) / 1000,
      lines: result.lines,
      bytes: fs.statSync(out).size,
      baselineRssMb,
      peakRssMb: mb(peakRssBytes()),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
