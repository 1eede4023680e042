/**
 * The streaming workbook writer and its back-pressure.
 *
 * exceljs's streaming writer turns each committed row into XML at once and hands it to the
 * zip archiver through an in-memory pass-through stream per sheet, ignoring whether the
 * archiver (and behind it the HTTP client or the disk) keeps up. A slow download would
 * then let the whole sheet pile up in memory. So after each batch of rows the exporters
 * wait here until that pass-through holds less than SHEET_BACKLOG_BYTES: memory stays
 * bounded by the batch size, not by the number of lines, whatever the client's speed.
 *
 * The pass-through is not part of exceljs's typed API (exceljs 4.4: sheet._stream.pipes[0],
 * created by archiver-utils). If a later version changes that shape the wait does nothing
 * and the export still works; the export benchmark's memory figure would show it.
 */
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { StreamWorkbook } from './table-sheet';

export const SHEET_BACKLOG_BYTES = 1 << 20;

/** A streaming writer to `stream`: styles on, shared strings off (they would keep every string in memory). */
export function createWorkbookWriter(stream: Writable): StreamWorkbook {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = '消费扶贫展销会平台';
  return wb;
}

interface Backlog {
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
  _writableState?: { length?: number };
}

function backlogOf(sheet: unknown): Backlog | undefined {
  const pipe = (sheet as { _stream?: { pipes?: unknown[] } })._stream?.pipes?.[0] as Backlog | undefined;
  return typeof pipe?._writableState?.length === 'number' ? pipe : undefined;
}

/** Waits while the sheet's not-yet-zipped XML exceeds SHEET_BACKLOG_BYTES (or until `signal` aborts). */
export async function waitForSheetBacklog(sheet: unknown, signal?: AbortSignal): Promise<void> {
  const pipe = backlogOf(sheet);
  if (!pipe || pipe._writableState!.length! < SHEET_BACKLOG_BYTES) return;
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      pipe.removeListener('drain', onDrain);
      reject(signal!.reason);
    };
    const onDrain = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    pipe.once('drain', onDrain);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  signal?.throwIfAborted();
}

/** Writes the workbook's closing parts and waits until the output has them (or `signal` aborts). */
export async function commitWorkbook(wb: StreamWorkbook, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  if (!signal) return wb.commit();
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    wb.commit().then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Stops the archiver after a failure, so nothing more is written to the output. */
export function abandonWorkbook(wb: StreamWorkbook): void {
  const zip = (wb as unknown as { zip?: { abort?: () => void } }).zip;
  try {
    zip?.abort?.();
  } catch {
    // already finished or aborted
  }
}
