/**
 * VOC (고객의 소리) feed computation, DESIGN.md §3 "VOC". Pure: no I/O, no clock (the caller
 * passes `now`). The SQL in server/voc/repository.ts computes the same counts set-based for
 * large imports; test/integration/voc checks the two agree.
 */

export const VOC_TYPES = ['complaint', 'inquiry', 'suggestion', 'praise'] as const;
export type VocType = (typeof VOC_TYPES)[number];
export const VOC_STATUSES = ['received', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
export type VocStatus = (typeof VOC_STATUSES)[number];
export const VOC_CHANNELS = ['call', 'web', 'store', 'app', 'sns', 'email', 'other'] as const;
export const VOC_SEVERITIES = ['low', 'normal', 'high', 'critical'] as const;
export const VOC_ROOT_CAUSES = ['people', 'procedure', 'facility', 'product', 'other'] as const;
export const VOC_FEED_KEYS = ['received', 'complaints', 'slaDue', 'slaMet', 'resolved', 'resolutionHours', 'repeats'] as const;
export type VocFeedKey = (typeof VOC_FEED_KEYS)[number];

/** Hours from receipt to resolution, by type; a type not listed has no SLA. */
export type VocSla = Partial<Record<VocType, number>>;

/** A complaint repeats one of the same customer and category received within this many days before it. */
export const REPEAT_WINDOW_DAYS = 30;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a time zone. */
function wallClock(at: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** The month (YYYY-MM) an instant falls in, in `timeZone`: the month a VOC counts in. */
export function vocMonth(receivedAt: Date, timeZone: string): string {
  const w = wallClock(receivedAt, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}`;
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(new Date(at), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `received_at` as written in a file or request: ISO 8601 (`2026-03-31T23:30:00+09:00`,
 * `2026-03-31 14:30Z`); without an offset it is the wall clock in `timeZone`. Null when it is
 * not such a date.
 */
export function parseVocTime(text: string, timeZone: string): Date | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s, ms] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0', (m[7] ?? '0').padEnd(3, '0')].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d) return null;
  if (m[8]) {
    if (/^z$/i.test(m[8])) return new Date(wall);
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    return new Date(wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000);
  }
  // The wall clock in the zone: guess with the offset at that instant, then correct once (DST).
  let at = wall - offsetAt(wall, timeZone);
  at = wall - offsetAt(at, timeZone);
  return new Date(at);
}

/** When a VOC of `type` received at `receivedAt` must be resolved; null without an SLA. */
export function slaDeadline(receivedAt: Date, type: string, sla: VocSla): Date | null {
  const hours = sla[type as VocType];
  return hours === undefined ? null : new Date(receivedAt.getTime() + hours * HOUR);
}

export interface VocFeedRecord {
  id: string;
  receivedAt: Date;
  type: string;
  category: string;
  customer: string | null;
  resolvedAt: Date | null;
  repeatOf: string | null;
}

/**
 * Whether a complaint repeats: `repeat_of` is set, or the same customer had a complaint in the
 * same category in the previous 30 days (strictly before it; at the same instant the lower id
 * comes first). Only complaints repeat.
 */
export function isRepeat(record: VocFeedRecord, others: readonly VocFeedRecord[]): boolean {
  if (record.type !== 'complaint') return false;
  if (record.repeatOf) return true;
  if (!record.customer) return false;
  const t = record.receivedAt.getTime();
  return others.some((o) => {
    if (o.id === record.id || o.type !== 'complaint' || o.customer !== record.customer || o.category !== record.category) return false;
    const u = o.receivedAt.getTime();
    return u >= t - REPEAT_WINDOW_DAYS * DAY && (u < t || (u === t && o.id < record.id));
  });
}

export type VocFeedCounts = Record<VocFeedKey, number>;

export const emptyCounts = (): VocFeedCounts => ({ received: 0, complaints: 0, slaDue: 0, slaMet: 0, resolved: 0, resolutionHours: 0, repeats: 0 });

/**
 * One record's share of its month's feeds at `now`: received; a complaint; of an SLA type,
 * due once resolved or past its deadline (open and not yet past it: in neither), met when
 * resolved by the deadline; resolved with its hours from receipt; a repeat complaint.
 */
export function feedContribution(record: VocFeedRecord & { repeat: boolean }, sla: VocSla, now: Date): VocFeedCounts {
  const c = emptyCounts();
  c.received = 1;
  if (record.type === 'complaint') c.complaints = 1;
  const deadline = slaDeadline(record.receivedAt, record.type, sla);
  if (deadline) {
    if (record.resolvedAt || now.getTime() > deadline.getTime()) c.slaDue = 1;
    if (record.resolvedAt && record.resolvedAt.getTime() <= deadline.getTime()) c.slaMet = 1;
  }
  if (record.resolvedAt) {
    c.resolved = 1;
    c.resolutionHours = (record.resolvedAt.getTime() - record.receivedAt.getTime()) / HOUR;
  }
  if (record.type === 'complaint' && record.repeat) c.repeats = 1;
  return c;
}

/** Resolution hours are stored to two decimals (the SQL rounds the same way). */
export const roundHours = (hours: number) => Math.round(hours * 100) / 100;

/**
 * The feeds of a set of records by unit × month of receipt in `timeZone` (keys `unit|YYYY-MM`).
 * Repeats are judged against all the records given.
 */
export function computeFeeds(records: readonly (VocFeedRecord & { unit: string })[], config: { timezone: string; sla: VocSla }, now: Date): Map<string, VocFeedCounts> {
  const out = new Map<string, VocFeedCounts>();
  for (const r of records) {
    const key = `${r.unit}|${vocMonth(r.receivedAt, config.timezone)}`;
    const c = feedContribution({ ...r, repeat: isRepeat(r, records) }, config.sla, now);
    const sum = out.get(key) ?? emptyCounts();
    for (const k of VOC_FEED_KEYS) sum[k] += c[k];
    out.set(key, sum);
  }
  for (const sum of out.values()) sum.resolutionHours = roundHours(sum.resolutionHours);
  return out;
}

/** Hours left until the deadline (negative once past), null without one or once resolved. */
export function hoursLeft(deadline: Date | null, resolvedAt: Date | null, now: Date): number | null {
  if (!deadline || resolvedAt) return null;
  return Math.round(((deadline.getTime() - now.getTime()) / HOUR) * 10) / 10;
}

/** The workflow (DESIGN.md §3): received → assigned → in_progress → resolved → closed; reopen from resolved or closed. */
export const VOC_TRANSITIONS: Record<VocStatus, readonly VocStatus[]> = {
  received: ['assigned', 'in_progress', 'resolved'],
  assigned: ['assigned', 'in_progress', 'resolved'],
  in_progress: ['assigned', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export const canTransition = (from: VocStatus, to: VocStatus) => VOC_TRANSITIONS[from].includes(to);

/** `C-****1234`: the last four characters of a customer id, the rest hidden. */
export function maskCustomer(customer: string | null): string | null {
  if (customer === null || customer === '') return customer;
  const tail = customer.length > 4 ? customer.slice(-4) : '';
  return `C-****${tail}`;
}

/**
 * The VOC feed whose records lie behind an indicator, for a drill from a scorecard row: the
 * indicator itself when it is a feed; for a formula over feeds, the denominator's feed first
 * (`VOC_SLA_MET / VOC_SLA_DUE * 100` → slaDue: the records the rate is over), else the first feed
 * the formula names. Null when the indicator counts no VOC. The web's `vocFeedsOf` reads the same.
 */
export function vocDrillFeed(code: string, formula: string | null | undefined, feeds: Partial<Record<VocFeedKey, string>>): VocFeedKey | null {
  const byCode = new Map<string, VocFeedKey>();
  for (const key of VOC_FEED_KEYS) if (feeds[key]) byCode.set(feeds[key]!, key);
  const own = byCode.get(code);
  if (own) return own;
  if (!formula) return null;
  let first: VocFeedKey | null = null;
  const token = /[A-Za-z_][A-Za-z0-9_.-]*/g;
  for (let m = token.exec(formula); m; m = token.exec(formula)) {
    const feed = byCode.get(m[0]);
    if (!feed) continue;
    const before = formula.slice(0, m.index).trimEnd();
    if (before.endsWith('/') || /\/\s*\($/.test(before)) return feed;
    first ??= feed;
  }
  return first;
}
