import archiver from 'archiver';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** One file of the zip: the folder (the county) and the name inside it, and how to get its bytes. */
export interface ZipItem {
  folder: string;
  name: string;
  date: Date;
  bytes: () => Promise<Buffer>;
}

/** "名称.pdf" seen before in the same folder → "名称 (2).pdf". */
function uniqueName(seen: Set<string>, folder: string, name: string): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = `${folder}/${name}`;
  for (let n = 2; seen.has(candidate.toLowerCase()); n++) candidate = `${folder}/${stem} (${n})${ext}`;
  seen.add(candidate.toLowerCase());
  return candidate;
}

/**
 * Streams the items as one zip to `out`. Files are read one at a time and the next only once
 * archiver has written the previous one out, and archiver waits for a slow client: memory stays
 * at about one file whatever the number of counties. Names that are not ASCII are flagged as
 * UTF-8 by archiver (general purpose bit 11), which Windows' Explorer, WPS and 7-Zip honour.
 */
export async function writeZip(items: ZipItem[], out: Writable, signal: AbortSignal): Promise<void> {
  // Photos and PDFs are compressed already: store them as they are rather than spend a core on it.
  const archive = archiver('zip', { store: true });
  const done = pipeline(archive, out, { signal });
  const seen = new Set<string>();
  try {
    for (const item of items) {
      signal.throwIfAborted();
      const entry = once(archive, 'entry', { signal });
      archive.append(await item.bytes(), { name: uniqueName(seen, item.folder, item.name), date: item.date });
      await entry;
    }
    await archive.finalize();
    await done;
  } catch (err) {
    archive.abort();
    await done.catch(() => undefined);
    throw err;
  }
}
