/** The rows of a 购销意向书 sheet, with row heights and page breaks placed as they are written. */
import type ExcelJS from 'exceljs';
import { rowHeightFor, wrappedLines } from './cells';
import type { StreamSheet } from './table-sheet';

export const MIDDLE: Partial<ExcelJS.Alignment> = { vertical: 'middle', wrapText: true };

/**
 * The height of an A4 portrait page's printable area in row points, at 100 % (top and bottom
 * margins 0.7 in), less a little for rounding. Programs that shrink the sheet to the page
 * width fit more on a page, never less, so breaks placed from this height are always where
 * they print, and the letter's page count is known when its last row is written.
 */
const PAGE_HEIGHT = 842 - 2 * 0.7 * 72 - 20;

/**
 * Writes rows one after another on a letter sheet, committing each, and places the page
 * breaks itself: a row (or a block kept together, such as a signature band) that would not
 * fit on the current page starts the next one.
 */
export class LetterSheet {
  private next = 1;
  private used = 0;
  pages = 1;

  constructor(
    readonly ws: StreamSheet,
    private readonly widths: number[],
  ) {}

  /** Starts a new page before what follows unless `height` more points fit on this one. */
  keepTogether(height: number): void {
    if (this.used > 0 && this.used + height > PAGE_HEIGHT) {
      // The streaming sheet keeps its breaks in rowBreaks (written at commit), untyped in exceljs 4.4.
      (this.ws as unknown as { rowBreaks: object[] }).rowBreaks.push({ id: this.next - 1, max: 16383, man: 1 });
      this.pages++;
      this.used = 0;
    }
  }

  /** The height a row needs: at least `height`, and enough for its wrapped text. */
  heightOf(height: number, cells: Cell[]): number {
    let lines = 1;
    for (const [from, to, v] of cells) {
      if (typeof v !== 'string' || !v) continue;
      const width = this.widths.slice(from - 1, to).reduce((a, b) => a + b, 0);
      lines = Math.max(lines, wrappedLines(v, width));
    }
    return rowHeightFor(lines, height);
  }

  /** A row whose cells are given as [firstColumn, lastColumn, value, style]: ranges wider than one cell are merged. */
  row(height: number, cells: Cell[]): void {
    const h = this.heightOf(height, cells);
    this.keepTogether(h);
    this.used += h;
    const r = this.next++;
    const row = this.ws.getRow(r);
    for (const [from, to, value, style] of cells) {
      const cell = row.getCell(from);
      if (value !== null && value !== undefined) cell.value = value;
      // A style that names its alignment is used as it is: the line rows share theirs (exceljs caches styles by object).
      cell.style = style?.alignment ? style : { alignment: MIDDLE, ...style };
      if (style?.border) for (let c = from + 1; c <= to; c++) row.getCell(c).style = { border: style.border };
      if (to > from) this.ws.mergeCells(r, from, r, to);
    }
    row.height = h;
    row.commit();
  }

  blank(height = 10): void {
    this.row(height, []);
  }
}

export type Cell = [number, number, ExcelJS.CellValue, Partial<ExcelJS.Style>?];
