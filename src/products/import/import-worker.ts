import { parentPort } from 'node:worker_threads';
import { AppError } from '../../common/app-error';
import { parseSheetImport, type ParsedImport } from './import-parser';
import { SHEET_SPEC_EXPORT, type SheetSpec } from './sheet-spec';

/**
 * The import's worker thread (started by import-worker-host.ts): reads each uploaded file it
 * is sent with the same parser as ever, inside the worker's own capped heap, and posts back
 * the result or the refusal. Each message names the module of its SheetSpec (products,
 * targets), a path from our own code, never from a request. Nothing here touches the
 * database or the file store.
 */

export type WorkerAnswer = { ok: true; parsed: ParsedImport<unknown> } | { ok: false; refusal: string } | { ok: false; failure: string };

async function run(bytes: Uint8Array, specModule: string): Promise<WorkerAnswer> {
  try {
    const spec = (require(specModule) as Record<string, SheetSpec>)[SHEET_SPEC_EXPORT];
    return { ok: true, parsed: await parseSheetImport(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), spec) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION') return { ok: false, refusal: err.message };
    return { ok: false, failure: (err as Error)?.stack ?? String(err) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on(
    'message',
    ({ file, spec }: { file: Uint8Array; spec: string }) => void run(file, spec).then((answer) => port.postMessage(answer)),
  );
}
