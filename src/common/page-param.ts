/** ?page=N as a positive integer; anything else is page 1. */
export function parsePage(value: unknown, max = 100_000): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.min(Math.max(n, 1), max);
}

/** Page links for a list: previous/next and the numbers around the current page. */
export function pagination(page: number, total: number, pageSize: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = Math.max(1, page - 3);
  const to = Math.min(pages, page + 3);
  const numbers: { n: number; current: boolean }[] = [];
  for (let n = from; n <= to; n++) numbers.push({ n, current: n === page });
  return { page, pages, total, prev: page > 1 ? page - 1 : null, next: page < pages ? page + 1 : null, numbers };
}
