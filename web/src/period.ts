/** Month keys (`YYYY-MM`) for the pickers and requests. Pure; "today" is always passed in. */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (value: unknown): value is string => typeof value === 'string' && MONTH.test(value);

export function monthKey(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function parseMonth(key: string): { year: number; month: number } {
  const m = MONTH.exec(key);
  if (!m) throw new Error(`Not a month: ${key}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function addMonths(key: string, delta: number): string {
  const { year, month } = parseMonth(key);
  const index = year * 12 + (month - 1) + delta;
  return monthKey(Math.floor(index / 12), (index % 12) + 1);
}

/** The latest complete month: the calendar month before `today`. */
export function latestCompleteMonth(today: Date = new Date()): string {
  return addMonths(monthKey(today.getFullYear(), today.getMonth() + 1), -1);
}

/** `count` months ending at `last`, newest first. */
export function monthsBack(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, -i));
}

/** Every month from `from` to `to` inclusive, oldest first. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}
