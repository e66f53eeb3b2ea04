/**
 * Numbers and dates for the current locale. Pure: the locale is passed in (views pass
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

const UNIT_KO: Record<string, string> = { days: '일', day: '일', count: '건', hours: '시간', minutes: '분', points: '점', people: '명', persons: '명', times: '회' };

/**
 * A value in its display unit: `%` → "12.3%", `KRW` → "₩3,126" (compact from 100,000:
 * "₩3.1M" / "₩312만"), other units as a suffix ("4.2 days" / "4.2일").
 */
export function formatValue(value: number | null | undefined, unit: string | null | undefined, locale: Locale, options: { signed?: boolean } = {}): string {
  if (!isNum(value)) return NONE;
  const signDisplay = options.signed ? 'exceptZero' : 'auto';
  const u = (unit ?? '').trim();
  if (u === '%') return formatPercent(value, locale, options.signed);
  if (u.toUpperCase() === 'KRW' || u === '원') {
    const compact = Math.abs(value) >= 100_000;
    return nf(locale, {
      style: 'currency',
      currency: 'KRW',
      notation: compact ? 'compact' : 'standard',
      ...(compact ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 0 }),
      signDisplay,
    }).format(value);
  }
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
  return nf(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value) + (locale === 'ko' ? '%p' : 'pp');
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

/** An instant as a local date and time. */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
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
