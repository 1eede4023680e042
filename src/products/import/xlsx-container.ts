import { promisify } from 'node:util';
import { crc32, inflateRaw, type ZlibOptions } from 'node:zlib';
import { MAX_FILE_BYTES, MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES } from './import-limits';
import {
  CORRUPT_MESSAGE,
  NOT_XLSX_MESSAGE,
  refuseFile,
  TOO_LARGE_MESSAGE,
  TOO_MANY_CELLS_MESSAGE,
  UNPACKED_TOO_LARGE_MESSAGE,
} from './xlsx-errors';
import { rebuildPackage } from './xlsx-parts';

/**
 * Opens an uploaded .xlsx (a zip of XML parts) safely, before exceljs builds anything:
 * checks the signature, reads the zip's central directory itself (a small, well-specified
 * structure) to refuse zip bombs by their declared sizes, unpacks only the parts the import
 * reads with a hard cap on the real output (declared sizes can lie), rebuilds them from a
 * real XML parse with only what the import needs (xlsx-parts.ts), and hands exceljs a plain,
 * uncompressed zip of those.
 */

export { CORRUPT_MESSAGE, NOT_XLSX_MESSAGE, refuseFile, TOO_LARGE_MESSAGE, TOO_MANY_CELLS_MESSAGE, UNPACKED_TOO_LARGE_MESSAGE };

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
/** Old .xls files and password-protected .xlsx files are OLE compound documents. */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const inflate = promisify<Buffer, ZlibOptions, Buffer>(inflateRaw);

/**
 * Checks an upload and returns an equivalent .xlsx that exceljs can load within known
 * bounds. Throws refuseFile(...) with a message for the county clerk otherwise.
 */
export async function openXlsxSafely(file: Buffer, sheetName?: string): Promise<Buffer> {
  if (file.length === 0) throw refuseFile('上传的文件是空的（0 字节），请重新选择文件');
  if (file.length > MAX_FILE_BYTES) throw refuseFile(TOO_LARGE_MESSAGE);
  if (file.subarray(0, 8).equals(OLE_SIGNATURE)) {
    throw refuseFile(`${NOT_XLSX_MESSAGE}。如果文件设置了打开密码，请先取消密码再上传`);
  }
  if (file.length < 4 || file.readUInt32LE(0) !== ZIP_LOCAL) throw refuseFile(NOT_XLSX_MESSAGE);

  const entries = readCentralDirectory(file);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    // A zip, but not a workbook: a renamed .docx, .zip or .et/.ods.
    throw refuseFile(`这不是 Excel 表格文件（可能是其他文件改了扩展名）。${NOT_XLSX_MESSAGE}`);
  }
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > MAX_UNCOMPRESSED_BYTES) throw refuseFile(UNPACKED_TOO_LARGE_MESSAGE);

  // Only the parts the import reads are unpacked, each with a hard cap on its real output
  // (declared sizes can lie): the workbook, the chosen sheet, styles and shared strings.
  const byName = new Map(entries.map((e) => [e.name, e]));
  let budget = MAX_UNCOMPRESSED_BYTES;
  const read = async (name: string) => {
    const entry = byName.get(name);
    if (!entry) return undefined;
    byName.delete(name); // each part once
    const data = await unpack(file, entry, budget);
    budget -= data.length;
    return data.toString('utf8');
  };
  return writeStoredZip(await rebuildPackage(read, sheetName));
}

/** Reads the end-of-central-directory record (zip64 too) and every entry's header. */
function readCentralDirectory(file: Buffer): ZipEntry[] {
  const corrupt = () => refuseFile(CORRUPT_MESSAGE);
  // The end record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  let end = -1;
  for (let p = file.length - 22; p >= Math.max(0, file.length - 22 - 0xffff); p--) {
    if (file.readUInt32LE(p) === ZIP_END && p + 22 + file.readUInt16LE(p + 20) <= file.length) {
      end = p;
      break;
    }
  }
  if (end < 0) throw corrupt();
  let count = file.readUInt16LE(end + 10);
  let size = file.readUInt32LE(end + 12);
  let offset = file.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || file.readUInt32LE(locator) !== ZIP64_LOCATOR) throw corrupt();
    const end64 = safeNumber(file.readBigUInt64LE(locator + 8));
    if (end64 + 56 > file.length || file.readUInt32LE(end64) !== ZIP64_END) throw corrupt();
    count = safeNumber(file.readBigUInt64LE(end64 + 32));
    size = safeNumber(file.readBigUInt64LE(end64 + 40));
    offset = safeNumber(file.readBigUInt64LE(end64 + 48));
  }
  if (count > MAX_ZIP_ENTRIES) throw refuseFile(UNPACKED_TOO_LARGE_MESSAGE);
  if (offset + size > file.length) throw corrupt();

  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > file.length || file.readUInt32LE(p) !== ZIP_CENTRAL) throw corrupt();
    const nameLength = file.readUInt16LE(p + 28);
    const extraLength = file.readUInt16LE(p + 30);
    const commentLength = file.readUInt16LE(p + 32);
    if (p + 46 + nameLength + extraLength > file.length) throw corrupt();
    const entry: ZipEntry = {
      name: file.toString('utf8', p + 46, p + 46 + nameLength).replace(/^\//, ''),
      flags: file.readUInt16LE(p + 8),
      method: file.readUInt16LE(p + 10),
      crc: file.readUInt32LE(p + 16),
      compressedSize: file.readUInt32LE(p + 20),
      size: file.readUInt32LE(p + 24),
      localOffset: file.readUInt32LE(p + 42),
    };
    readZip64Sizes(entry, file.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offset that do not fit 32 bits live in the zip64 extra field (id 1), in this order. */
function readZip64Sizes(entry: ZipEntry, extra: Buffer): void {
  for (let q = 0; q + 4 <= extra.length;) {
    const id = extra.readUInt16LE(q);
    const length = extra.readUInt16LE(q + 2);
    if (id === 1) {
      let r = q + 4;
      const take = () => {
        if (r + 8 > q + 4 + length || r + 8 > extra.length) throw refuseFile(CORRUPT_MESSAGE);
        const v = safeNumber(extra.readBigUInt64LE(r));
        r += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = take();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = take();
      if (entry.localOffset === 0xffffffff) entry.localOffset = take();
      return;
    }
    q += 4 + length;
  }
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw refuseFile(CORRUPT_MESSAGE);
  return Number(value);
}

/** Unpacks one entry, never producing more than its declared size or the remaining budget. */
async function unpack(file: Buffer, entry: ZipEntry, budget: number): Promise<Buffer> {
  if (entry.flags & 0x1) throw refuseFile(`${NOT_XLSX_MESSAGE}。如果文件设置了打开密码，请先取消密码再上传`);
  if (entry.size > budget) throw refuseFile(UNPACKED_TOO_LARGE_MESSAGE);
  const p = entry.localOffset;
  if (p + 30 > file.length || file.readUInt32LE(p) !== ZIP_LOCAL) throw refuseFile(CORRUPT_MESSAGE);
  const start = p + 30 + file.readUInt16LE(p + 26) + file.readUInt16LE(p + 28);
  if (start + entry.compressedSize > file.length) throw refuseFile(CORRUPT_MESSAGE);
  const packed = file.subarray(start, start + entry.compressedSize);

  let data: Buffer;
  if (entry.method === 0) {
    data = packed;
  } else if (entry.method === 8) {
    try {
      // maxOutputLength makes zlib stop at the declared size: a lying header cannot bomb us.
      data = await inflate(packed, { maxOutputLength: Math.max(1, entry.size) });
    } catch (err) {
      const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw refuseFile(tooLarge ? UNPACKED_TOO_LARGE_MESSAGE : CORRUPT_MESSAGE);
    }
  } else {
    throw refuseFile(CORRUPT_MESSAGE);
  }
  if (data.length !== entry.size || crc32(data) !== entry.crc) throw refuseFile(CORRUPT_MESSAGE);
  return data;
}

/** A zip with every part stored uncompressed: quick for exceljs to open, and nothing left to inflate. */
function writeStoredZip(parts: Map<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(ZIP_LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(ZIP_CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(ZIP_END, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
