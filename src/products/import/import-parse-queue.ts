import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import type { ProductValues } from '../dto/product-input.dto';
import type { ParsedImport } from './import-parser';
import { PARSE_QUEUE_LENGTH } from './import-limits';
import { ImportWorkerHost } from './import-worker-host';

export const PARSE_BUSY_MESSAGE = '系统正在处理其他用户上传的文件，请稍等片刻后重新上传（本次没有写入任何数据）';

/**
 * One parse at a time per instance: each takes a worker with up to PARSE_HEAP_MB of heap, so
 * the memory an instance spends on uploads stays one worker's whatever arrives at once. A
 * couple of uploads wait their turn; beyond that the county is asked to retry (429).
 */
@Injectable()
export class ImportParseQueue implements OnModuleDestroy {
  private readonly worker = new ImportWorkerHost();
  private running = false;
  private readonly waiting: (() => void)[] = [];

  /** `specModule`: the SheetSpec's module (see sheet-spec.ts); products when omitted. */
  parse<V = ProductValues>(file: Buffer, specModule?: string): Promise<ParsedImport<V>> {
    return this.exclusive(() => this.worker.parse<V>(file, specModule));
  }

  onModuleDestroy(): Promise<void> {
    return this.worker.stop();
  }

  /** How many uploads wait for the running parse. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs the task when no other parse is running here; throws the retry message when the queue is full. */
  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    if (this.running) {
      if (this.waiting.length >= PARSE_QUEUE_LENGTH) throw new AppError('RATE_LIMITED', PARSE_BUSY_MESSAGE);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running = true;
    try {
      return await task();
    } finally {
      // Hand the turn straight to the next waiting upload, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running = false;
    }
  }
}
