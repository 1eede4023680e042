/** Readers of the 公示 page's HTML, for the tests that check what it shows. */

/** The cells of the table row whose header cell is `name` (县区, 单位类型, 匿名单位 or 合计). */
export function rowCells(html: string, name: string): string[] {
  const m = new RegExp(`<tr><th scope="row" class="nowrap">${name}</th>(.*?)</tr>`).exec(html);
  if (!m) throw new Error(`no row for ${name}`);
  return [...m[1].matchAll(/<td (?:data-label="[^"]*" )?class="num">(.*?)<\/td>/g)].map((c) => c[1]);
}

/** The part of the page from the element with id `from` to the one with id `to`. */
export const section = (html: string, from: string, to: string): string =>
  html.slice(html.indexOf(`id="${from}"`), html.indexOf(`id="${to}"`));

/** Every row of the per-type table: its header and its cells. */
export function typeRows(html: string): { header: string; cells: string[] }[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(section(html, 'by-type', 'honour-roll'))![1];
  return [...body.matchAll(/<tr><th scope="row" class="nowrap">(.*?)<\/th>(.*?)<\/tr>/g)].map((m) => ({
    header: m[1],
    cells: [...m[2].matchAll(/<td (?:data-label="[^"]*" )?class="num">(.*?)<\/td>/g)].map((c) => c[1]),
  }));
}

/** The entries of the 爱心榜, in the order shown. */
export const honourRoll = (html: string): string[] =>
  [...section(html, 'honour-roll', 'supervision').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]);

/** One 爱心榜 entry read back: the name, the type shown (null when none) and the amounts. */
export function honourEntry(entry: string): { name: string; type: string | null; amounts: string[] } {
  return {
    name: /<strong>(.*?)<\/strong>/.exec(entry)![1],
    type: /<span class="hint">（(.*?)）<\/span>/.exec(entry)?.[1] ?? null,
    amounts: [...entry.matchAll(/<span class="nowrap">(.*?)<\/span>/g)].map((m) => m[1]),
  };
}
