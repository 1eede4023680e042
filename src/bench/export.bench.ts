/**
 * The export benchmark: 签约汇总表 for 10,000 and then 100,000 intent lines, each export in
 * a child process of its own (bench-build/src/bench/export-bench-child.js) so that its peak RSS is
 * measured alone. The data are bulk-inserted into a fresh SQLite DATA_DIR from this process:
 * 10 counties, 1,000 published products, one buyer unit per 50 lines, five lines per
 * intent, every intent counted (submitted, confirmed or signed), so the export writes
 * exactly 10,000 and 100,000 lines.
 *
 * Goals (issue "aggregated sign-up workbook"): time grows no worse than linearly (the
 * 100,000 run takes at most 11× the 10,000 run) and the 100,000 run's peak RSS grows by
 * less than 150 MB over the process's RSS after boot.
 *
 * Runs inside `npm run bench` (section "export") or alone: node bench-build/src/bench/export.bench.js
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { BUYER_UNIT_TYPES } from '../buyers/buyer-unit-types';
import { loadConfig } from '../config/app-config';
import { County } from '../counties/county.entity';
import { databaseOptions } from '../database/database-options';
import { runMigrationsLocked } from '../database/run-migrations';
import { IntentLine } from '../intents/intent-line.entity';
import type { IntentStatus } from '../intents/intent-status';
import { Intent } from '../intents/intent.entity';
import { Product } from '../products/product.entity';
import { BENCH_DIR } from './bench-support';
import { benchCounties, insertBenchProducts } from './catalogue-data';
import type { ExportChildResult } from './export-bench-child';
import type { BenchSection } from './run-bench';

/** Exactly the keys of the export section in `--json` output. */
export interface ExportBenchResult {
  seconds10k: number;
  seconds100k: number;
  timeRatio: number;
  peakRssMb10k: number;
  peakRssMb100k: number;
}

const LINES_PER_INTENT = 5;
const LINES_PER_UNIT = 50;
const round = (n: number, digits = 0) => Number(n.toFixed(digits));

/** Loads the data, runs both exports, and returns the figures with a table for the runner. */
export async function runExportBench(
  log: (line: string) => void = (l) => console.log(l),
): Promise<{ json: ExportBenchResult; table: string[][] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-export-bench-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', NODE_ENV: 'production' };
  delete env.DATABASE_URL; // always SQLite, whatever the shell has set
  let db: DataSource | undefined;
  try {
    db = await new DataSource(databaseOptions(loadConfig({ DATA_DIR: dataDir }))).initialize();
    await runMigrationsLocked(db);
    await db.getRepository(County).insert(benchCounties(10));
    const counties = await db.getRepository(County).find({ order: { id: 'ASC' } });
    await insertBenchProducts(db, counties, 1_000);
    const products = await db.getRepository(Product).find({ select: { id: true, priceFen: true }, order: { id: 'ASC' } });

    await loadLines(db, products, 10_000, log);
    const small = await exportInChild(env, dataDir, 10_000, log);
    await loadLines(db, products, 100_000, log);
    const large = await exportInChild(env, dataDir, 100_000, log);

    const json: ExportBenchResult = {
      seconds10k: round(small.seconds, 2),
      seconds100k: round(large.seconds, 2),
      timeRatio: round(large.seconds / small.seconds, 2),
      peakRssMb10k: round(small.peakRssMb),
      peakRssMb100k: round(large.peakRssMb),
    };
    const growth = (r: ExportChildResult) => round(r.peakRssMb - r.baselineRssMb);
    const table = [
      ['签约汇总表 export (streamed, SQLite)', 'seconds', 'lines/s', 'peak RSS MB', 'growth over boot MB', 'file MB', 'goal'],
      [
        '10,000 lines',
        String(json.seconds10k),
        String(round(small.lines / small.seconds)),
        String(json.peakRssMb10k),
        String(growth(small)),
        String(round(small.bytes / 2 ** 20, 1)),
        '',
      ],
      [
        '100,000 lines',
        String(json.seconds100k),
        String(round(large.lines / large.seconds)),
        String(json.peakRssMb100k),
        String(growth(large)),
        String(round(large.bytes / 2 ** 20, 1)),
        'growth < 150',
      ],
      ['time ratio 100,000 / 10,000', String(json.timeRatio), '', '', '', '', '≤ 11'],
    ];
    return { json, table };
  } finally {
    if (db?.isInitialized) await db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const exportBench: BenchSection<ExportBenchResult> = {
  name: 'export',
  run: (_settings, log) => runExportBench(log),
};

/** Grows the intent lines to `total`: new buyer units and intents, five products per intent, in one transaction. */
async function loadLines(
  db: DataSource,
  products: { id: number; priceFen: number }[],
  total: number,
  log: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  const have = Number((await db.query(`SELECT COUNT(*) AS "n" FROM "intent_line"`))[0].n);
  const lines = total - have;
  const firstIntent = have / LINES_PER_INTENT;
  const firstUnit = have / LINES_PER_UNIT;
  const statuses: IntentStatus[] = ['submitted', 'submitted', 'submitted', 'confirmed', 'signed'];
  await db.transaction(async (m) => {
    const units: QueryDeepPartialEntity<BuyerUnit>[] = [];
    for (let u = firstUnit; u < total / LINES_PER_UNIT; u++) {
      units.push({
        name: `演示采购单位${u + 1}（${BUYER_UNIT_TYPES[u % BUYER_UNIT_TYPES.length]}）`,
        type: BUYER_UNIT_TYPES[u % BUYER_UNIT_TYPES.length],
        creditCode: `12341302MB${String(u).padStart(8, '0')}`,
        contactName: `联系人${u + 1}`,
        mobile: `138${String(u).padStart(8, '0')}`,
        address: `宿州市演示路${u + 1}号`,
      });
    }
    for (let i = 0; i < units.length; i += 1_000)
      await m
        .createQueryBuilder()
        .insert()
        .into(BuyerUnit)
        .values(units.slice(i, i + 1_000))
        .updateEntity(false)
        .execute();
    const unitIds = (await m.query(`SELECT "id" FROM "buyer_unit" ORDER BY "id"`)).map((r: { id: number }) => Number(r.id));

    const submittedAt = new Date(Date.UTC(2020, 9, 1));
    const [{ id: fairId }] = (await m.query(`SELECT "id" FROM "fair" WHERE "current" = 1`)) as { id: number }[];
    for (let from = firstIntent; from < total / LINES_PER_INTENT; from += 1_000) {
      const intents: QueryDeepPartialEntity<Intent>[] = [];
      for (let n = from; n < Math.min(total / LINES_PER_INTENT, from + 1_000); n++) {
        intents.push({
          referenceNo: `YX-20201001-B${String(n + 1).padStart(6, '0')}`,
          fairId,
          buyerUnitId: unitIds[Math.floor((n * LINES_PER_INTENT) / LINES_PER_UNIT)],
          status: statuses[n % statuses.length],
          statusReason: null,
          desiredDeliveryDate: '2020-10-30',
          contactName: `联系人${n + 1}`,
          contactPhone: `139${String(n).padStart(8, '0')}`,
          note: '',
          idempotencyKey: `bench-${n}`,
          submittedAt: new Date(submittedAt.getTime() + n * 1000),
        });
      }
      await m.createQueryBuilder().insert().into(Intent).values(intents).updateEntity(false).execute();
    }
    const intents = await m.query(`SELECT "id", "status" FROM "intent" ORDER BY "id" LIMIT -1 OFFSET ${firstIntent}`);
    for (let i = 0; i < intents.length; i += 400) {
      const rows: QueryDeepPartialEntity<IntentLine>[] = [];
      for (const [k, intent] of (intents.slice(i, i + 400) as { id: number; status: IntentStatus }[]).entries()) {
        const n = i + k + firstIntent;
        for (let j = 0; j < LINES_PER_INTENT; j++) {
          // Five different products per intent (the unique key), spread over the catalogue.
          const product = products[(n * 7 + j * 131) % products.length];
          const quantity = 1 + ((n + j) % 40);
          rows.push({
            intentId: Number(intent.id),
            productId: product.id,
            quantity,
            unitPriceFen: product.priceFen,
            signedQuantity: intent.status === 'signed' ? quantity : null,
            deliveredQuantity: null,
          });
        }
      }
      await m.createQueryBuilder().insert().into(IntentLine).values(rows).updateEntity(false).execute();
    }
  });
  log(`loaded ${lines.toLocaleString('en-US')} intent lines (${total.toLocaleString('en-US')} in all) in ${Date.now() - started} ms`);
}

/** Runs export-bench-child.js on the loaded database and checks what it wrote. */
async function exportInChild(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  expectedLines: number,
  log: (line: string) => void,
): Promise<ExportChildResult> {
  const outFile = path.join(dataDir, `export-${expectedLines}.xlsx`);
  const child = spawn(process.execPath, [path.join(BENCH_DIR, 'export-bench-child.js')], {
    env: { ...env, OUT_FILE: outFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`export-bench-child exited ${code}:\n${stderr}`);
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as ExportChildResult;
  if (result.lines !== expectedLines) throw new Error(`the export wrote ${result.lines} lines, expected ${expectedLines}`);
  if (fs.readFileSync(outFile).subarray(0, 2).toString() !== 'PK') throw new Error(`${outFile} is not an xlsx (zip) file`);
  log(
    `${expectedLines.toLocaleString('en-US')} lines: ${result.seconds} s, peak RSS ${result.peakRssMb} MB (${result.baselineRssMb} MB after boot), ${(result.bytes / 2 ** 20).toFixed(1)} MB file`,
  );
  fs.rmSync(outFile, { force: true });
  return result;
}

if (require.main === module) {
  runExportBench().then(
    ({ json }) => {
      console.log(JSON.stringify({ export: json }, null, 2));
      process.exit(0);
    },
    (err) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
