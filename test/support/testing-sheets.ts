import ExcelJS from 'exceljs';
import { crc32, deflateRawSync } from 'node:zlib';
import { creditCodeCheckChar } from '../../src/common/credit-code';
import type { ProductInputDto } from '../../src/products/dto/product-input.dto';
import { IMPORT_COLUMNS, IMPORT_SHEET_NAME } from '../../src/products/import/import-columns';
import { buildImportTemplate } from '../../src/products/import/import-template';

/**
 * Import sheets for the tests (the parser's specs and the end-to-end suite): rows as a
 * county clerk would type them, written with exceljs. Not used by the app.
 */

let supplierSeq = 0;

/** A farmers' cooperative's credit code in 砀山县 with a correct check character. */
function supplierCreditCode(): string {
  const body = `93341321MA${String(++supplierSeq).padStart(7, '0')}`;
  return body + creditCodeCheckChar(body);
}

export type SheetRow = Partial<Record<keyof ProductInputDto, ExcelJS.CellValue>>;

/** A valid product row; numbers typed as numbers, as Excel stores them. */
export function productRow(n: number, overrides: SheetRow = {}): SheetRow {
  return {
    code: `DS-${String(n).padStart(3, '0')}`,
    name: `砀山酥梨${n}号`,
    category: '蔬菜水果',
    spec: '5kg/箱',
    unit: '箱',
    price: 58,
    capacity: 5000,
    minOrder: 10,
    supplierName: '砀山县良梨果蔬专业合作社',
    supplierCreditCode: supplierCreditCode(),
    certificateNo: null,
    origin: '砀山县良梨镇',
    povertyHouseholds: 35,
    description: '当季鲜果',
    ...overrides,
  };
}

/** Writes rows below the headings of the workbook's 产品导入 sheet, in the template's column order. */
export function fillRows(workbook: ExcelJS.Workbook, rows: SheetRow[], firstRow = 2): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(IMPORT_SHEET_NAME) ?? workbook.worksheets[0];
  rows.forEach((row, i) => {
    IMPORT_COLUMNS.forEach((column, c) => {
      const value = row[column.key];
      if (value !== undefined) sheet.getCell(firstRow + i, c + 1).value = value;
    });
  });
  return sheet;
}

/** The generated template with these rows filled in, as the bytes of an .xlsx. */
export async function templateWith(rows: SheetRow[], edit?: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = buildImportTemplate();
  fillRows(workbook, rows);
  edit?.(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook built from scratch (headings as given), for sheets that do not follow the template. */
export async function sheetWith(headings: string[], rows: ExcelJS.CellValue[][], name = IMPORT_SHEET_NAME): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(headings);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const HEADINGS = IMPORT_COLUMNS.map((c) => c.heading);

export interface TestEntry {
  name: string;
  data: Buffer;
  /** Lie in the headers about the unpacked size (a crafted zip bomb). */
  declaredSize?: number;
  /** Keep the sizes in a zip64 extra field, as some streaming writers do. */
  zip64?: boolean;
}

/** A minimal deflate zip, written by hand so that tests can make it lie. */
export function zip(entries: TestEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(e.zip64 ? 0xffffffff : packed.length, 20);
    central.writeUInt32LE(e.zip64 ? 0xffffffff : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    const extra = Buffer.alloc(e.zip64 ? 20 : 0);
    if (e.zip64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(packed.length), 12);
      central.writeUInt16LE(extra.length, 30);
    }
    locals.push(local, name, packed);
    centrals.push(central, name, extra);
    offset += 30 + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
