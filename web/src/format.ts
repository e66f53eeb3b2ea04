/**
 * The one number and date formatter of the web app (every view formats through here; no
 * toFixed / toLocaleString elsewhere). Numbers and dates for the current locale. Pure: the locale is passed in (views pass
 * `currentLocale()`), so the same figures format the same way in tests and in the browser.
 */
import type { Locale } from './types.ts';

export const NONE = '–';

const TAGS: Record<Locale, string> = { en: 'en-US', ko: 'ko-KR' };
export const localeTag = (locale: Locale) => TAGS[locale] ?? 'en-US';

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(localeTag(locale), options);
    cache.set(key, f);
  }
  return f;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A plain number with grouping; at most `digits` decimals (default: 1 below 1000, else 0). */
export function formatNumber(value: number | null | undefined, locale: Locale, digits?: number): string {
  if (!isNum(value)) return NONE;
  const max = digits ?? (Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return nf(locale, { maximumFractionDigits: max }).format(value);
}

/** A score on the 100-means-target-met scale, always one decimal. */
export function formatScore(value: number | null | undefined, locale: Locale): string {
  if (!isNum(value)) return NONE;
  return nf(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/** A share 0-1 (coverage, weights) as a whole percent. */
export function formatShare(value: number | null | undefined, locale: Locale): string {
  if (!isNum(value)) return NONE;
  return nf(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

/** A value already in percent (gap %, rates) with the sign shown when `signed`. */
export function formatPercent(value: number | null | undefined, locale: Locale, signed = false): string {
  if (!isNum(value)) return NONE;
  return nf(locale, { maximumFractionDigits: 1, signDisplay: signed ? 'exceptZero' : 'auto' }).format(value) + '%';
}

const UNIT_KO: Record<string, string> = { days: '일', day: '일', count: '건', cases: '건', hours: '시간', hour: '시간', minutes: '분', points: '점', pts: '점', people: '명', persons: '명', person: '명', headcount: '명', times: '회', stores: '개', months: '개월' };

/** Money units and what one of them is worth in won: `KRW mn` is a million won (백만원). */
const MONEY: Record<string, number> = { krw: 1, '원': 1, '₩': 1, 'krw k': 1e3, '천원': 1e3, 'krw mn': 1e6, 'krw m': 1e6, '백만원': 1e6, 'krw bn': 1e9, '억원': 1e8, '십억원': 1e9 };

/** How many won one of `unit` is worth, or null when the unit is not money. */
export function moneyScale(unit: string | null | undefined): number | null {
  return MONEY[(unit ?? '').trim().toLowerCase()] ?? null;
}

/**
 * An amount in won the way people read money: Korean in 억원 from a hundred million and in
 * 백만원 from a million ("31.3억원", "312백만원", "31,260원"); English in KRW bn / KRW mn
 * ("KRW 3.13bn", "KRW 312mn", "₩31,260").
 */
export function formatKrw(won: number | null | undefined, locale: Locale, options: { signed?: boolean } = {}): string {
  if (!isNum(won)) return NONE;
  const signDisplay = options.signed ? 'exceptZero' : 'auto';
  const a = Math.abs(won);
  const scaled = (v: number) => nf(locale, { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 1, signDisplay }).format(v);
  if (locale === 'ko') {
    if (a >= 1e8) return `${scaled(won / 1e8)}억원`;
    if (a >= 1e6) return `${scaled(won / 1e6)}백만원`;
    return `${nf(locale, { maximumFractionDigits: 0, signDisplay }).format(won)}원`;
  }
  const sign = options.signed && won > 0 ? '+' : won < 0 ? '-' : '';
  const sig = (v: number) => nf(locale, { maximumSignificantDigits: Math.abs(v) >= 1000 ? 21 : 3 }).format(Math.abs(v));
  if (a >= 1e9) return `${sign}KRW ${sig(won / 1e9)}bn`;
  if (a >= 1e6) return `${sign}KRW ${sig(won / 1e6)}mn`;
  return nf(locale, { style: 'currency', currency: 'KRW', maximumFractionDigits: 0, signDisplay }).format(won);
}

/** Nouns a count can be of: Korean counts people in 명, cases in 건, times in 회. */
export type CountNoun = 'items' | 'people' | 'times' | 'units' | 'none';
const COUNT_KO: Record<CountNoun, string> = { items: '건', people: '명', times: '회', units: '개', none: '' };

/** A count: always a whole number with grouping ("1,204"; "1,204명" in Korean for people). */
export function formatCount(value: number | null | undefined, locale: Locale, noun: CountNoun = 'none'): string {
  if (!isNum(value)) return NONE;
  const n = nf(locale, { maximumFractionDigits: 0 }).format(Math.round(value));
  return locale === 'ko' ? n + COUNT_KO[noun] : n;
}

/** A difference between two percentages, in percentage points: "+1.2pp" / "+1.2%p". */
export function formatPoints(value: number | null | undefined, locale: Locale, signed = true): string {
  if (!isNum(value)) return NONE;
  return nf(locale, { maximumFractionDigits: 1, signDisplay: signed ? 'exceptZero' : 'auto' }).format(value) + (locale === 'ko' ? '%p' : 'pp');
}

/** A unit of measure in the reader's language ("days" → "일", "KRW mn" → "백만원"). */
export function unitLabel(unit: string | null | undefined, locale: Locale): string {
  const u = (unit ?? '').trim();
  if (!u) return '';
  const scale = moneyScale(u);
  if (scale !== null) {
    if (locale === 'ko') return scale === 1 ? '원' : scale === 1e3 ? '천원' : scale === 1e6 ? '백만원' : scale === 1e8 ? '억원' : '십억원';
    return scale === 1 ? 'KRW' : scale === 1e3 ? 'KRW k' : scale === 1e6 ? 'KRW mn' : scale === 1e8 ? 'KRW 100mn' : 'KRW bn';
  }
  if (locale === 'ko') return UNIT_KO[u.toLowerCase()] ?? u;
  return u === 'count' ? '' : u;
}

/**
 * A value in its display unit: `%` → "12.3%", money (`KRW`, `KRW mn`, …) through `formatKrw`,
 * other units as a suffix ("4.2 days" / "4.2일"; counts whole).
 */
export function formatValue(value: number | null | undefined, unit: string | null | undefined, locale: Locale, options: { signed?: boolean } = {}): string {
  if (!isNum(value)) return NONE;
  const signDisplay = options.signed ? 'exceptZero' : 'auto';
  const u = (unit ?? '').trim();
  if (u === '%') return formatPercent(value, locale, options.signed);
  const scale = moneyScale(u);
  if (scale !== null) return formatKrw(value * scale, locale, options);
  const digits = Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const compact = Math.abs(value) >= 1_000_000;
  const n = nf(locale, { ...(compact ? { maximumSignificantDigits: 3, notation: 'compact' } : { maximumFractionDigits: digits }), signDisplay }).format(value);
  if (!u || u === 'count' && locale === 'en') return n;
  const suffix = locale === 'ko' ? (UNIT_KO[u.toLowerCase()] ?? u) : u;
  return locale === 'ko' && UNIT_KO[u.toLowerCase()] ? `${n}${suffix}` : `${n} ${suffix}`;
}

/**
 * A gap (A − T) in the indicator's unit. A gap between two percentages is in percentage
 * points, never "%": "+1.2pp" (en) / "+1.2%p" (ko); a relative gap % stays `formatPercent`.
 */
export function formatGap(value: number | null | undefined, unit: string | null | undefined, locale: Locale): string {
  if (!isNum(value)) return NONE;
  if ((unit ?? '').trim() !== '%') return formatValue(value, unit, locale, { signed: true });
  return formatPoints(value, locale);
}

/**
 * Achievement % = A / T × 100 (how much of the target the actual is), as opposed to the score
 * (which depends on the scoring method and direction). Null without both or with a zero target.
 */
export function achievementPct(actual: number | null | undefined, target: number | null | undefined): number | null {
  if (!isNum(actual) || !isNum(target) || target === 0) return null;
  return (actual / target) * 100;
}

/** A month key as "Mar 2026" / "2026년 3월" (`long`: "March 2026"). */
export function formatPeriod(period: string | null | undefined, locale: Locale, style: 'short' | 'long' | 'narrow' = 'short'): string {
  if (!period) return NONE;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  if (style === 'narrow') {
    return new Intl.DateTimeFormat(localeTag(locale), { month: locale === 'ko' ? 'numeric' : 'short', year: '2-digit', timeZone: 'UTC' }).format(date);
  }
  return new Intl.DateTimeFormat(localeTag(locale), { year: 'numeric', month: style === 'long' ? 'long' : 'short', timeZone: 'UTC' }).format(date);
}

/** An instant as a date and time in the reader's own time zone (the browser's). */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** An instant as a date in the reader's own time zone. */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'medium' }).format(d);
}

/** An instant relative to `now` ("3 hours ago" / "3시간 전"). */
export function formatRelative(iso: string | null | undefined, locale: Locale, now: Date = new Date()): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const seconds = (d.getTime() - now.getTime()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(localeTag(locale), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(Math.round(seconds), 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86_400 * 45) return rtf.format(Math.round(seconds / 86_400), 'day');
  if (abs < 86_400 * 365) return rtf.format(Math.round(seconds / (86_400 * 30)), 'month');
  return rtf.format(Math.round(seconds / (86_400 * 365)), 'year');
}

/**
 * Numbers typed in the entry grid, read the way the server reads measurement files (DESIGN.md
 * §4): an optional sign, digits, one decimal point, and thousands separators only in the
 * `1,234,567.8` pattern. `6,210` is 6210; `1,00`, `1.000,5`, `1e3` and `12,34,567` are not
 * numbers. Null for anything else (and for blank).
 */
const GROUPED = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$/;
const FRACTION = /^[+-]?\.\d+$/;

export function parseEntryNumber(text: string): number | null {
  const t = text.trim();
  if (!GROUPED.test(t) && !FRACTION.test(t)) return null;
  const value = Number(t.replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}

/** A number as typed into an input (grouped, up to `digits` decimals): the entry grid's echo. */
export function formatInput(value: number | null | undefined, digits = 4): string {
  if (!isNum(value)) return '';
  return nf('en', { maximumFractionDigits: digits }).format(value);
}

/** A calendar day (`YYYY-MM-DD`, e.g. a deadline) as a local date, without shifting it by the time zone. */
export function formatDay(day: string | null | undefined, locale: Locale): string {
  if (!day) return NONE;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}
