/**
 * npm run export -- --out 签约汇总表.xlsx [--county 341321] [--type 学校] [--status signed,confirmed] [--letters]
 *
 * The organiser's exports without a browser, written by the same code as the downloads:
 * boots the application context on the configured database (DATA_DIR / DATABASE_URL, as
 * `npm start`), writes the workbook to a temporary file beside --out, shows a progress bar
 * on stderr when it is a terminal, and renames the file into place only when it is complete.
 */
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppModule } from '../app.module';
import { AppError } from '../common/app-error';
import { formatFen } from '../common/money';
import { loadConfig } from '../config/app-config';
import { keepCreatedFilesPrivate } from '../config/private-files';
import { ExportsService } from './exports.service';

export const USAGE = `用法：npm run export -- --out 文件名.xlsx [选项]

  --out 文件名.xlsx    输出文件（必填）
  --county 县区代码    只导出一个县区，如 341321
  --type 单位类型      只导出一类采购单位：医院、学校、商超、食堂、企业、机关事业单位、其他
  --status 状态        意向状态，可用逗号分隔多个：submitted（已提交）、confirmed（已确认）、
                       signed（已签约）、withdrawn（已撤回）、cancelled（已取消）；默认前三种
  --letters            导出购销意向书（每个采购单位一张表），而不是签约汇总表
  --help               显示本说明`;

export interface CliOptions {
  out: string;
  county?: string;
  type?: string;
  status?: string;
  letters: boolean;
}

/** A mistake on the command line: the message is shown with the usage, exit code 2. */
export class CliUsageError extends Error {}

const VALUED = new Set(['out', 'county', 'type', 'status']);

/** Reads `--name value` and `--name=value`; throws CliUsageError with a Chinese message. */
export function parseCliArgs(argv: string[]): CliOptions | 'help' {
  const values: Record<string, string> = {};
  let letters = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new CliUsageError(`无法识别的参数“${arg}”`);
    const [, name, inline] = m;
    if (name === 'help') return 'help';
    if (name === 'letters') {
      if (inline !== undefined) throw new CliUsageError('--letters 不需要取值');
      letters = true;
      continue;
    }
    if (!VALUED.has(name)) throw new CliUsageError(`未知选项 --${name}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--')))
      throw new CliUsageError(`--${name} 需要一个值`);
    values[name] = value;
  }
  if (!values.out) throw new CliUsageError('请用 --out 指定输出文件，如 --out 签约汇总表.xlsx');
  if (!/\.xlsx$/i.test(values.out)) throw new CliUsageError(`输出文件应以 .xlsx 结尾：${values.out}`);
  return { out: values.out, county: values.county, type: values.type, status: values.status, letters };
}

/** [##########----------] 12,000/20,000 行  60% */
export function renderProgress(done: number, total: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} 行 ${String(Math.floor(ratio * 100)).padStart(3)}%`;
}

export interface CliIo {
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Runs the command; resolves with the exit code (0 done, 1 failed, 2 bad arguments). */
export async function runExportCli(argv: string[], io: CliIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let options: CliOptions | 'help';
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    stderr.write(`错误：${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    stdout.write(`${USAGE}\n`);
    return 0;
  }

  const started = Date.now();
  // npm runs scripts in the project folder: a relative --out means the folder the command was typed in.
  const target = path.resolve((io.env ?? process.env).INIT_CWD ?? process.cwd(), options.out);
  const partial = `${target}.part`;
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig(io.env ?? process.env)), {
    logger: ['error', 'warn'],
  });
  const bar = stderr.isTTY === true;
  let drawn = false;
  try {
    const exports = app.get(ExportsService);
    const filter = await exports.resolveFilter({ county: options.county, type: options.type, status: options.status });
    let file: fs.WriteStream | undefined;
    const open = () => (file = fs.createWriteStream(partial));
    const onProgress = (done: number, total: number) => {
      if (!bar) return;
      stderr.write(`\r${renderProgress(done, total)}`);
      drawn = true;
    };
    const result = options.letters
      ? await exports.letters(filter, open, { onProgress })
      : await exports.fairWorkbook(filter, open, { onProgress });
    if (drawn) stderr.write('\n');
    if (file && !file.closed) await new Promise<void>((resolve) => file!.once('close', () => resolve()));
    fs.renameSync(partial, target);
    const what = options.letters ? '购销意向书' : '签约汇总表';
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stdout.write(
      `已导出${what}：${target}\n` +
        `  ${filter.scope}\n` +
        `  ${result.sheets} 张工作表，${result.lines.toLocaleString('en-US')} 条意向明细，意向金额 ${formatFen(result.intendedFen)}，用时 ${seconds} 秒\n`,
    );
    return 0;
  } catch (err) {
    if (drawn) stderr.write('\n');
    fs.rmSync(partial, { force: true });
    if (err instanceof AppError) {
      stderr.write(`错误：${err.message}\n`);
      return 2;
    }
    stderr.write(`导出失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  keepCreatedFilesPrivate();
  runExportCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
