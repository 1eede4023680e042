import { parentPort } from 'node:worker_threads';
import { AppError } from '../../common/app-error';
import { parseProductImport } from './import-parser';

/**
 * The import's worker thread (started by import-worker-host.ts): reads each uploaded file it
 * is sent with the same parser as ever, inside the worker's own capped heap, and posts back
 * the result or the refusal. Nothing here touches the database or the file store.
 */

export type WorkerAnswer =
  { ok: true; parsed: Awaited<ReturnType<typeof parseProductImport>> } | { ok: false; refusal: string } | { ok: false; failure: string };

async function run(bytes: Uint8Array): Promise<WorkerAnswer> {
  try {
    return { ok: true, parsed: await parseProductImport(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION') return { ok: false, refusal: err.message };
    return { ok: false, failure: (err as Error)?.stack ?? String(err) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', ({ file }: { file: Uint8Array }) => void run(file).then((answer) => port.postMessage(answer)));
}
