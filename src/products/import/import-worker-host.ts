import { Logger } from '@nestjs/common';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParsedImport } from './import-parser';
import { PRODUCT_SHEET_MODULE } from './product-sheet';
import { PARSE_HEAP_MB, PARSE_TIMEOUT_MS, PARSE_WORKER_IDLE_MS, PARSE_YOUNG_HEAP_MB } from './import-limits';
import type { WorkerAnswer } from './import-worker';
import { refuseFile } from './xlsx-errors';

/**
 * Runs the whole parse of an upload (unpacking, the XML rebuild, exceljs, every row's checks)
 * in a worker thread with a capped heap and a time limit, so that no file can stall the event
 * loop or exhaust the process: a worker that runs out of memory or time is stopped, the
 * upload refused, and the app goes on serving. The worker stays for the next upload (loading
 * exceljs takes about a second) until it has been idle a while, and is replaced after any
 * failure. One parse at a time: ImportParseQueue sees to that.
 */

export interface ParseLimits {
  heapMb: number;
  youngHeapMb: number;
  timeoutMs: number;
}

export const PARSE_LIMITS: ParseLimits = { heapMb: PARSE_HEAP_MB, youngHeapMb: PARSE_YOUNG_HEAP_MB, timeoutMs: PARSE_TIMEOUT_MS };

const ADVICE =
  '请删去与导入无关的内容（图片、其他工作表、大片设置了格式的空白区域），或把要导入的数据“选择性粘贴 → 数值”到新下载的模板中再上传';
export const PARSE_TIMEOUT_MESSAGE = `读取该文件超过了时间上限，已停止读取，没有写入任何数据。${ADVICE}`;
export const PARSE_MEMORY_MESSAGE = `读取该文件所需的内存超过了上限，已停止读取，没有写入任何数据。${ADVICE}`;
export const PARSE_FAILED_MESSAGE = '无法读取该文件，没有写入任何数据。请在 Excel/WPS 中打开确认内容无误，“另存为 .xlsx”后重新上传';

/** The built app runs import-worker.js; the tests run the TypeScript source, which plain node cannot load. */
const ENTRY = path.join(__dirname, `import-worker${path.extname(__filename)}`);

/** swc options matching jest's transform (package.json), for running from source. */
const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

/**
 * The worker's first code. From source it first teaches require() to compile .ts files with
 * @swc/core (a devDependency, present wherever the source runs); the built app needs nothing.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.swc) {
  const { transformSync } = require(workerData.swc);
  const { readFileSync } = require('node:fs');
  require.extensions['.ts'] = (module, filename) => {
    const { code } = transformSync(readFileSync(filename, 'utf8'), { ...${JSON.stringify(SWC_OPTIONS)}, filename });
    module._compile(code, filename);
  };
}
require(workerData.entry);
`;

const logger = new Logger('ProductImport');

type Outcome = { parsed: ParsedImport<unknown> } | { error: Error };

export class ImportWorkerHost {
  private current: Worker | null = null;
  private readonly exited = new WeakMap<Worker, Promise<void>>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly limits: ParseLimits = PARSE_LIMITS) {}

  /**
   * Parses one upload as the sheet that `specModule` describes (see sheet-spec.ts); a refusal
   * (AppError) names what is wrong. One at a time: ImportParseQueue sees to it.
   */
  async parse<V = ParsedImport['rows'][number]['values']>(
    file: Buffer,
    specModule = PRODUCT_SHEET_MODULE,
  ): Promise<ParsedImport<NonNullable<V>>> {
    clearTimeout(this.idleTimer);
    const worker = (this.current ??= this.spawn());
    const outcome = await new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        logger.warn(`an import file took over ${this.limits.timeoutMs} ms to read: stopped`);
        finish({ error: refuseFile(PARSE_TIMEOUT_MESSAGE) }, true);
      }, this.limits.timeoutMs);
      const onMessage = (answer: WorkerAnswer) => {
        if (answer.ok) return finish({ parsed: answer.parsed }, false);
        if ('refusal' in answer) return finish({ error: refuseFile(answer.refusal) }, false);
        logger.error(`reading an import file failed: ${answer.failure}`);
        finish({ error: refuseFile(PARSE_FAILED_MESSAGE) }, true);
      };
      const onError = (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          logger.warn(`an import file needed more than ${this.limits.heapMb} MB to read: stopped`);
          return finish({ error: refuseFile(PARSE_MEMORY_MESSAGE) }, true);
        }
        logger.error(`the import worker failed: ${err.stack ?? String(err)}`);
        finish({ error: refuseFile(PARSE_FAILED_MESSAGE) }, true);
      };
      const onExit = (code: number) => {
        logger.error(`the import worker stopped (code ${code}) without an answer`);
        finish({ error: refuseFile(PARSE_FAILED_MESSAGE) }, true);
      };
      const finish = (result: Outcome, discard: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit).unref();
        if (discard) this.current = null;
        resolve(result);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.ref(); // a parse in flight keeps the process alive; an idle worker does not
      worker.postMessage({ file, spec: specModule });
    });
    if (this.current === worker) {
      this.idleTimer = setTimeout(() => void this.stop(), PARSE_WORKER_IDLE_MS).unref();
    } else {
      // Failed or stopped: wait until its heap is gone before the next parse may start.
      await this.stopWorker(worker);
    }
    if ('parsed' in outcome) return outcome.parsed as ParsedImport<NonNullable<V>>;
    throw outcome.error;
  }

  /** Stops the idle worker (when the app stops, or after a while without uploads). */
  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    const current = this.current;
    this.current = null;
    if (current) await this.stopWorker(current);
  }

  private spawn(): Worker {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { entry: ENTRY, swc: ENTRY.endsWith('.ts') ? require.resolve('@swc/core') : null },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: this.limits.youngHeapMb },
    });
    worker.unref();
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', () => {
        if (this.current === worker) this.current = null; // died while idle: the next parse starts another
        resolve();
      }),
    );
    this.exited.set(worker, exited);
    worker.on('error', () => undefined); // reported by parse() while it listens; an idle worker's death is harmless
    return worker;
  }

  private async stopWorker(worker: Worker): Promise<void> {
    if (this.current === worker) this.current = null;
    await worker.terminate();
    await this.exited.get(worker);
  }
}
