import * as yauzl from 'yauzl';

/** What a county may send: its written summary (总结材料) and activity photos (活动照片). */
export const SUMMARY_FILE_KINDS = ['document', 'photo'] as const;
export type SummaryFileKind = (typeof SUMMARY_FILE_KINDS)[number];
export const SUMMARY_KIND_LABELS: Record<SummaryFileKind, string> = { document: '总结材料', photo: '活动照片' };

export type SummaryFileType = 'pdf' | 'docx' | 'jpeg' | 'png';

interface TypeInfo {
  label: string;
  extensions: string[];
  contentType: string;
  /** The extension of the stored blob's key. */
  keyExtension: string;
}

export const SUMMARY_FILE_TYPES: Record<SummaryFileType, TypeInfo> = {
  pdf: { label: 'PDF', extensions: ['pdf'], contentType: 'application/pdf', keyExtension: 'pdf' },
  docx: {
    label: 'DOCX',
    extensions: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    keyExtension: 'docx',
  },
  jpeg: { label: 'JPEG', extensions: ['jpg', 'jpeg'], contentType: 'image/jpeg', keyExtension: 'jpg' },
  png: { label: 'PNG', extensions: ['png'], contentType: 'image/png', keyExtension: 'png' },
};

/** The types each kind accepts: a stamped summary may be a scan or a photo of the paper. */
export const TYPES_BY_KIND: Record<SummaryFileKind, SummaryFileType[]> = {
  document: ['pdf', 'docx', 'jpeg', 'png'],
  photo: ['jpeg', 'png'],
};

/** The type a file name claims by its extension, or null for any other extension. */
export function typeFromName(name: string): SummaryFileType | null {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (!name.includes('.')) return null;
  return (Object.keys(SUMMARY_FILE_TYPES) as SummaryFileType[]).find((t) => SUMMARY_FILE_TYPES[t].extensions.includes(ext)) ?? null;
}

/** A DOCX has at most a few hundred parts; past this many entries we stop looking. */
const MAX_ZIP_ENTRIES = 5000;

/**
 * True when the zip's central directory names word/document.xml (a Word document's body).
 * Only entry names are read: nothing is decompressed, so a zip bomb costs nothing here.
 */
export function zipHasWordDocument(bytes: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, decodeStrings: true, validateEntrySizes: false }, (err, zip) => {
      if (err || !zip) return resolve(false);
      let seen = 0;
      const finish = (found: boolean) => {
        zip.close();
        resolve(found);
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName === 'word/document.xml') return finish(true);
        if (++seen >= MAX_ZIP_ENTRIES) return finish(false);
        zip.readEntry();
      });
      zip.on('end', () => resolve(false));
      zip.on('error', () => resolve(false));
      zip.readEntry();
    });
  });
}

/** Recognises the four accepted types by their bytes, never by the name or the browser's claim. */
export async function sniffSummaryType(bytes: Buffer): Promise<SummaryFileType | null> {
  if (bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-') return 'pdf';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 4 && bytes.toString('latin1', 0, 4) === 'PK\x03\x04' && (await zipHasWordDocument(bytes))) return 'docx';
  return null;
}
