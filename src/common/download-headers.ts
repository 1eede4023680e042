/** The headers of a file download, for every route that serves one (streamed or in one piece). */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * attachment; filename="ascii.xlsx"; filename*=UTF-8''%E7%AD%BE… (RFC 6266 with RFC 5987
 * encoding): browsers save the UTF-8 name, old clients the ASCII fallback.
 */
export function contentDisposition(name: string, fallback: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const ascii = fallback.replace(/[^ -~]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
