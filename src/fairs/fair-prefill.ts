import type { Fair } from './fair.entity';

/** "宿州市2020年扶贫日…" → "宿州市2021年扶贫日…": every standalone 4-digit year one later. */
export function nameForNextYear(name: string): string {
  return name.replace(/(?<!\d)(\d{4})(?!\d)/g, (year) => String(Number(year) + 1));
}

/** 2020-10-17 → 2021-10-17; 29 February becomes 28 February. */
export function dateForNextYear(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The same instant a calendar year later (UTC and CST move together: there is no daylight saving). */
export function instantForNextYear(value: Date | null): Date | null {
  if (!value) return null;
  const next = new Date(value.getTime());
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  // 29 February + 1 year rolls over to 1 March: keep it in February.
  if (next.getUTCDate() !== value.getUTCDate()) next.setUTCDate(0);
  return next;
}

/** The new-fair form's suggestion: the current fair, a year on. */
export function nextFairFrom(current: Fair): Pick<Fair, 'name' | 'date' | 'venue' | 'intentDeadline' | 'minimumProducts'> {
  return {
    name: nameForNextYear(current.name),
    date: dateForNextYear(current.date),
    venue: current.venue,
    intentDeadline: instantForNextYear(current.intentDeadline),
    minimumProducts: current.minimumProducts,
  };
}
