/**
 * Streaming a generated file to the browser. The controller only names the file; this
 * sets the headers when the exporter opens its output, tells the exporter when the client
 * goes away (so it stops reading the database), and decides what a failure looks like:
 * before the output was opened it is an ordinary error (the exception filter shows the
 * Chinese error page); after, the connection is broken off, so that the browser reports a
 * failed download instead of saving a truncated workbook, and the request never hangs.
 */
import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { contentDisposition, XLSX_CONTENT_TYPE } from '../common/download-headers';

export type Producer = (open: () => Writable, signal: AbortSignal) => Promise<unknown>;

export async function streamDownload(
  res: ServerResponse,
  file: { name: string; fallback: string; contentType?: string },
  produce: Producer,
  onFailureAfterStart: (err: unknown) => void,
): Promise<void> {
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort(new Error('the client closed the connection'));
  };
  res.on('close', onClose);
  let opened = false;
  try {
    await produce(() => {
      opened = true;
      res.statusCode = 200;
      res.setHeader('Content-Type', file.contentType ?? XLSX_CONTENT_TYPE);
      res.setHeader('Content-Disposition', contentDisposition(file.name, file.fallback));
      // Names and phone numbers: never kept by a shared cache.
      res.setHeader('Cache-Control', 'private, no-store');
      return res;
    }, abort.signal);
  } catch (err) {
    if (!opened) throw err;
    if (!abort.signal.aborted) onFailureAfterStart(err);
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}
