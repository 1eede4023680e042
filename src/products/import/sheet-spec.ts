import type { ImportColumn } from './import-columns';

/**
 * What the generic sheet import (import-parser.ts, the worker, the template) needs to know
 * about one kind of sheet: the product sheet (product-sheet.ts) and the organiser's target
 * sheet (src/targets/import/target-sheet.ts) are two of these. A spec is plain code with no
 * Nest or database in it, since the parse worker loads it by module path.
 */
export interface SheetSpec<V = unknown> {
  /** The sheet the import reads (otherwise the first visible one), as the template names it. */
  sheetName: string;
  /** What one row holds, in messages: 产品, 认购目标. */
  rowNoun: string;
  columns: readonly ImportColumn[];
  /** The class-validator DTO that checks a row (the same one the form uses), built from the cells' text by key. */
  dto: new () => object;
  /** The column that identifies a row: it must not repeat within the sheet. */
  keyColumn: string;
  /** The column shown beside the key in the preview. */
  nameColumn: string;
  /** The identity two rows are compared by (e.g. the normalised credit code), from the valid DTO or the cell's text. */
  keyOf(dto: object, text: string): string;
  duplicateMessage(key: string, count: number, rows: string): string;
  /** A message for a row that passes the DTO but must still be refused (a copied example), or null. */
  rowProblem?(dto: object): { column: string; message: string } | null;
  /** The values a valid row imports. */
  values(dto: object): V;
}

/** A spec's module exports it under this name; the worker loads the module by path (see import-worker.ts). */
export const SHEET_SPEC_EXPORT = 'SHEET_SPEC';
