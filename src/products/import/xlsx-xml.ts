import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { CORRUPT_MESSAGE, refuseFile } from './xlsx-errors';

/** XML helpers shared by the workbook rebuild (xlsx-parts.ts, xlsx-sheet.ts): a real parser, never regular expressions. */

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
/** Excel's own limit for the text of one cell. */
export const MAX_CELL_CHARS = 32_767;

export const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escapeAttr = (text: string) => escapeText(text).replace(/"/g, '&quot;');
/** `x:c` and `c` are the same element: some writers use a prefix for the main namespace. */
export const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Parses XML, calling the handlers with local names; any XML error becomes "file damaged". */
export function walk(
  xml: string,
  handlers: {
    open?: (name: string, attrs: Record<string, string>, tag: SaxesTagPlain) => void;
    close?: (name: string) => void;
    text?: (text: string) => void;
  },
): void {
  const parser = new SaxesParser({ xmlns: false });
  let failed = false;
  parser.on('error', () => {
    failed = true;
  });
  if (handlers.open) parser.on('opentag', (tag) => handlers.open!(local(tag.name), tag.attributes as Record<string, string>, tag));
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(local(tag.name)));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  parser.write(xml);
  if (!failed) parser.close();
  if (failed) throw refuseFile(CORRUPT_MESSAGE);
}

/** Reads an attribute whatever its prefix (`r:id`, `ns0:id`). */
export function attr(attrs: Record<string, string>, name: string): string | undefined {
  if (name in attrs) return attrs[name];
  const key = Object.keys(attrs).find((k) => local(k) === name);
  return key === undefined ? undefined : attrs[key];
}
