/**
 * The scale section's loader, in a process of its own because the entities choose their
 * column types by DATABASE_URL when they are first imported (src/database/engine.ts), and the
 * bench runner itself runs on SQLite. Migrates the database of DATABASE_URL, loads COUNTIES
 * counties, PRODUCTS published products listed in the current fair, the bench organiser and
 * LINES intent lines, and prints one JSON line: { productSeconds, lineSeconds }.
 */
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { County } from '../counties/county.entity';
import { databaseOptions } from '../database/database-options';
import { runMigrationsLocked } from '../database/run-migrations';
import { growIntentLines } from './bench-lines';
import { benchCounties, insertBenchProducts } from './catalogue-data';
import { addBenchOrganiser } from './reports-measure';

export interface ScaleLoadResult {
  productSeconds: number;
  lineSeconds: number;
}

async function main(): Promise<void> {
  const db = await new DataSource(databaseOptions(loadConfig())).initialize();
  try {
    await runMigrationsLocked(db);
    let started = Date.now();
    await db.getRepository(County).insert(benchCounties(Number(process.env.COUNTIES)));
    const counties = await db.getRepository(County).find({ order: { id: 'ASC' } });
    await insertBenchProducts(db, counties, Number(process.env.PRODUCTS));
    await db.query('ANALYZE');
    const productSeconds = (Date.now() - started) / 1000;
    await addBenchOrganiser(db);
    started = Date.now();
    await growIntentLines(db, Number(process.env.LINES), (l) => process.stderr.write(`${l}\n`));
    const result: ScaleLoadResult = { productSeconds, lineSeconds: (Date.now() - started) / 1000 };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
