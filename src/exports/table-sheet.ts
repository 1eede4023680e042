import type ExcelJS from 'exceljs';
import { MONEY_FORMAT, QUANTITY_FORMAT, rowHeightFor, TEXT_FORMAT, wrappedLines } from './cells';
import { waitForSheetBacklog } from './workbook-stream';

export type StreamWorkbook = ExcelJS.stream.xlsx.WorkbookWriter;
/** A worksheet of the streaming writer: rows and the sheet itself are committed as they are done. */
export type StreamSheet = ExcelJS.Worksheet & { commit(): void };

/** text: strings kept as text (format @); money: yuan from fen, ¥ format; int: counts and quantities. */
export type ColumnKind = 'text' | 'money' | 'int';

export interface ColumnSpec {
  header: string;
  kind: ColumnKind;
  /** Width in Excel's units (never exactly 9, which exceljs drops as its default). Text wraps within it. */
  width: number;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FORMATS: Record<ColumnKind, string> = { text: TEXT_FORMAT, money: MONEY_FORMAT, int: QUANTITY_FORMAT };

export const TITLE_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true, size: 14 },
  alignment: { vertical: 'middle', horizontal: 'left', wrapText: true },
};
const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } },
  border: BORDER,
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  numFmt: TEXT_FORMAT,
};

export interface TableSheetOptions {
  /** The merged first row: the fair's name, what the sheet is, the export time and the filter. */
  title: string | ExcelJS.CellRichTextValue;
  columns: ColumnSpec[];
  /** Least height of data rows in points (room for a signature where the sheet has a 签字 column); rows grow with their text. */
  rowHeight?: number;
}

/**
 * A printable table on a streaming worksheet: merged title row, bold frozen header row
 * repeated on every printed page, autofilter over the data, A4 landscape fitted to the
 * page width, page numbers in the footer. Every row is as tall as its wrapped text needs
 * (a streamed row with no height set prints its wrapped text over its neighbours).
 * Rows are committed as they are added, so a sheet of any length holds only the row being written.
 */
export class TableSheet {
  readonly ws: StreamSheet;
  private nextRow = 3;
  private lastDataRow = 2;
  /**
   * One style object per column and kind of row, shared by all its cells: exceljs caches a
   * style's index by object identity, so a shared object costs a lookup where a fresh one
   * per cell would be serialised again for every cell (most of the writing time otherwise).
   * Never mutate a cell's style (cell.font = …) on these sheets: it would change the column's.
   */
  private readonly dataStyles: Partial<ExcelJS.Style>[];
  private readonly totalStyles: Partial<ExcelJS.Style>[];
  private readonly alertStyles: Partial<ExcelJS.Style>[];

  constructor(
    wb: StreamWorkbook,
    name: string,
    private readonly options: TableSheetOptions,
  ) {
    const n = options.columns.length;
    this.ws = wb.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0, // as many pages tall as needed
        horizontalCentered: true,
        margins: { left: 0.25, right: 0.25, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
        printTitlesRow: '1:2',
      },
      headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    }) as StreamSheet;
    this.ws.columns = options.columns.map((c) => ({ width: c.width }));
    this.dataStyles = options.columns.map((c) => ({
      numFmt: FORMATS[c.kind],
      border: BORDER,
      alignment: { vertical: 'middle', wrapText: c.kind === 'text' },
    }));
    this.totalStyles = this.dataStyles.map((style) => ({ ...style, font: { bold: true } }));
    this.alertStyles = this.dataStyles.map((style) => ({ ...style, font: { bold: true, color: { argb: 'FFC00000' } } }));

    const title = this.ws.getRow(1);
    title.height = 40;
    title.getCell(1).value = options.title;
    for (let c = 1; c <= n; c++) title.getCell(c).style = TITLE_STYLE;
    this.ws.mergeCells(1, 1, 1, n);
    title.commit();

    const header = this.ws.getRow(2);
    header.height = rowHeightFor(Math.max(...options.columns.map((c) => wrappedLines(c.header, c.width))));
    options.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.header;
      cell.style = HEADER_STYLE;
    });
    header.commit();
  }

  get columnCount(): number {
    return this.options.columns.length;
  }

  /** A data row (inside the autofilter); `alert` columns (1-based) in bold red. Text values must already be strings. */
  addRow(values: (string | number | null)[], alert: number[] = []): void {
    this.write(
      values,
      this.heightOf(values, this.options.rowHeight),
      (c) => (alert.includes(c) ? this.alertStyles : this.dataStyles)[c - 1],
    );
    this.lastDataRow = this.nextRow - 1;
  }

  /** A 小计/合计 row after the data: bold, outside the autofilter so that filtering never hides it. */
  addTotalRow(values: (string | number | null)[]): void {
    this.write(values, this.heightOf(values, 22), (c) => this.totalStyles[c - 1]);
  }

  /** A note under the table, merged across it. */
  addNote(text: string): void {
    const row = this.ws.getRow(this.nextRow);
    row.getCell(1).value = text;
    row.getCell(1).style = { alignment: { wrapText: true, vertical: 'top' }, font: { size: 9, color: { argb: 'FF666666' } } };
    this.ws.mergeCells(this.nextRow, 1, this.nextRow, this.columnCount);
    const width = this.options.columns.reduce((sum, c) => sum + c.width, 0);
    row.height = rowHeightFor(wrappedLines(text, width * 1.2)); // 9 pt: about 1.2 times as many characters a line
    row.commit();
    this.nextRow++;
  }

  /** Lets the output catch up (see waitForSheetBacklog); call once per batch. */
  async flush(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    await waitForSheetBacklog(this.ws, signal);
  }

  /** Sets the autofilter to the header and data rows, and writes the end of the sheet. */
  commit(): void {
    this.ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: Math.max(2, this.lastDataRow), column: this.columnCount } };
    this.ws.commit();
  }

  /** The height the row's wrapped text needs (numbers do not wrap), and at least `min`. */
  private heightOf(values: (string | number | null)[], min = 0): number {
    let lines = 1;
    this.options.columns.forEach((c, i) => {
      const value = values[i];
      if (c.kind === 'text' && typeof value === 'string' && value) lines = Math.max(lines, wrappedLines(value, c.width));
    });
    return rowHeightFor(lines, min);
  }

  private write(values: (string | number | null)[], height: number, styleOf: (column: number) => Partial<ExcelJS.Style>): void {
    const row = this.ws.getRow(this.nextRow++);
    for (let c = 1; c <= this.columnCount; c++) {
      // Every cell is created, empty ones too, so the table's borders are complete.
      const cell = row.getCell(c);
      const value = values[c - 1];
      if (value !== null && value !== undefined) cell.value = value;
      cell.style = styleOf(c);
    }
    row.height = height;
    row.commit();
  }
}
