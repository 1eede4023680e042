/**
 * npm run backup -- --out 备份.sqlite [--force]
 *
 * A consistent copy of the SQLite database while the app keeps running, with SQLite's
 * online backup API (better-sqlite3's db.backup()): the copy is one snapshot of the
 * database, whatever the app writes meanwhile. It is written beside --out as `.part`,
 * checked (PRAGMA integrity_check), switched to a single self-contained file (journal mode
 * DELETE) and only then renamed into place. On PostgreSQL it explains how to use pg_dump.
 *
 * Exit codes: 0 done, 1 failed, 2 bad arguments or nothing to do here (PostgreSQL).
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config/app-config';
import { keepCreatedFilesPrivate } from '../config/private-files';

export const USAGE = `用法：npm run backup -- --out 备份文件.sqlite [--force]

  --out 文件名     备份文件（必填）；相对路径以输入命令时所在的目录为准
  --force          覆盖已存在的同名文件
  --help           显示本说明

应用运行时即可备份（SQLite 在线备份，得到某一时刻的完整一致副本）。
恢复：停止应用 → 用备份文件替换 DATA_DIR/fupin-expo.sqlite → 删除同目录的 fupin-expo.sqlite-wal 和 fupin-expo.sqlite-shm → 启动应用。`;

/** Tables whose row counts are printed, with their Chinese names. */
const COUNTED_TABLES: [string, string][] = [
  ['county', '县区'],
  ['product', '产品'],
  ['buyer_unit', '采购单位'],
  ['user', '账号'],
  ['intent', '采购意向'],
  ['intent_line', '意向明细'],
  ['audit_log', '操作记录'],
];

export interface BackupCliOptions {
  out: string;
  force: boolean;
}

/** A mistake on the command line: shown with the usage, exit code 2. */
export class BackupUsageError extends Error {}

export function parseBackupArgs(argv: string[]): BackupCliOptions | 'help' {
  let out: string | undefined;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new BackupUsageError(`无法识别的参数“${argv[i]}”`);
    const [, name, inline] = m;
    if (name === 'help') return 'help';
    if (name === 'force') {
      if (inline !== undefined) throw new BackupUsageError('--force 不需要取值');
      force = true;
    } else if (name === 'out') {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--')))
        throw new BackupUsageError('--out 需要一个值');
      out = value;
    } else {
      throw new BackupUsageError(`未知选项 --${name}`);
    }
  }
  if (!out) throw new BackupUsageError('请用 --out 指定备份文件，如 --out backup-20201017.sqlite');
  return { out, force };
}

/** The DATABASE_URL with its password masked, for messages. */
export function maskedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return 'postgres://用户:密码@主机:5432/数据库';
  }
}

function postgresAdvice(url: string): string {
  return (
    `本实例使用 PostgreSQL（DATABASE_URL=${maskedUrl(url)}），npm run backup 只备份 SQLite。\n` +
    `请用 PostgreSQL 自带的工具（运行中即可备份，得到一致的快照）：\n\n` +
    `  备份：pg_dump --format=custom --file=fupin-20201017.dump 'postgres://用户:密码@主机:5432/数据库'\n` +
    `  恢复：pg_restore --clean --if-exists --no-owner --dbname='postgres://用户:密码@主机:5432/数据库' fupin-20201017.dump\n\n` +
    `pg_dump 的版本应不低于服务器的版本。详见 README 的“Deployment · Backups”一节。\n`
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface BackupResult {
  /** `ok`, or what PRAGMA integrity_check found. */
  integrity: string;
  counts: Record<string, number>;
}

/**
 * Copies the database file at `source` to `target` (which must not exist) with the online
 * backup API and checks the copy. Every page is copied in one step: a step-by-step copy
 * restarts whenever another connection (the running app) writes between two steps, and
 * could then never finish on a busy day. One step holds a read snapshot for the copy's
 * duration, which in WAL mode does not block the app's writers.
 */
export async function backupSqlite(source: string, target: string): Promise<BackupResult> {
  const db = new Database(source, { fileMustExist: true, timeout: 10_000 });
  try {
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(target, { fileMustExist: true });
  try {
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    const counts: Record<string, number> = {};
    const tables = new Set(
      (copy.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name),
    );
    for (const [table] of COUNTED_TABLES) {
      if (tables.has(table)) counts[table] = (copy.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    }
    // The source is in WAL mode; the copy becomes one self-contained file (the app turns WAL on again when it opens it).
    copy.pragma('journal_mode = DELETE');
    return { integrity, counts };
  } finally {
    copy.close();
  }
}

export interface BackupCliIo {
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Runs the command; resolves with the exit code. */
export async function runBackupCli(argv: string[], io: BackupCliIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let options: BackupCliOptions | 'help';
  try {
    options = parseBackupArgs(argv);
  } catch (err) {
    if (!(err instanceof BackupUsageError)) throw err;
    stderr.write(`错误：${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    stdout.write(`${USAGE}\n`);
    return 0;
  }

  const config = loadConfig(env);
  if (config.databaseUrl) {
    stderr.write(postgresAdvice(config.databaseUrl));
    return 2;
  }
  const source = config.sqlitePath;
  if (!fs.existsSync(source)) {
    stderr.write(`错误：找不到数据库文件 ${source}（DATA_DIR=${config.dataDir}）。请在与应用相同的 DATA_DIR 下运行。\n`);
    return 1;
  }
  // npm runs scripts in the project folder: a relative --out means the folder the command was typed in.
  const target = path.resolve(env.INIT_CWD ?? process.cwd(), options.out);
  if ([source, `${source}-wal`, `${source}-shm`].includes(target)) {
    stderr.write(`错误：备份文件不能是数据库文件本身：${target}\n`);
    return 2;
  }
  if (fs.existsSync(target) && !options.force) {
    stderr.write(`错误：文件已存在：${target}\n如需覆盖，请加 --force。\n`);
    return 2;
  }
  if (!fs.existsSync(path.dirname(target))) {
    stderr.write(`错误：目录不存在：${path.dirname(target)}\n`);
    return 2;
  }

  const started = Date.now();
  const partial = `${target}.part`;
  fs.rmSync(partial, { force: true });
  try {
    // Created empty and private first: the copy holds password hashes and phone numbers.
    fs.writeFileSync(partial, '', { mode: 0o600, flag: 'wx' });
    const result = await backupSqlite(source, partial);
    if (result.integrity !== 'ok') throw new Error(`备份文件的完整性检查未通过：${result.integrity}`);
    fs.renameSync(partial, target);
    const bytes = fs.statSync(target).size;
    const counts = COUNTED_TABLES.filter(([t]) => t in result.counts)
      .map(([t, label]) => `${label} ${result.counts[t].toLocaleString('en-US')}`)
      .join('，');
    stdout.write(
      `已备份 SQLite 数据库：${target}\n` +
        `  来源 ${source}\n` +
        `  大小 ${formatBytes(bytes)}，完整性检查 ok，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒\n` +
        `  ${counts}\n`,
    );
    return 0;
  } catch (err) {
    fs.rmSync(partial, { force: true });
    stderr.write(`备份失败：${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  keepCreatedFilesPrivate();
  runBackupCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
