/**
 * The demo company as data: a deterministic generator of measurements and survey answers for the
 * model in `demo-model.yaml` (Hanbit Retail & Service, 한빛리테일서비스). Pure: no I/O, no clock,
 * no Math.random. The loader (`northstar seed --demo`) reads the files named by DEMO_MODEL_PATH
 * and DEMO_SURVEY_PATHS and feeds what these functions return into the ordinary import paths.
 *
 * Value units (what the numbers mean):
 * - money (REVENUE, OPERATING_PROFIT, SGA_EXPENSE, PROFIT_PER_EMPLOYEE): 백만원 (KRW millions),
 *   integers for amounts (display unit `KRW mn`); AVG_TICKET is raw KRW per purchase.
 * - counts (ORDERS, CLAIMS, TRANSACTIONS, NEW_MEMBERS, CS_IDEAS, HEADCOUNT, …): integers.
 * - rates (%): 0-100 with 2 decimals; indices and scores (CSI, ESI, TOUCHPOINT_SAT, …): 0-100
 *   points with 2 decimals; days and hours with 2 decimals; MARKET_SHARE in % of the trade area
 *   (branches), of the region or of the national market (divisions).
 *
 * Every value depends only on (indicator, unit, month), never on which other months are asked
 * for, so a longer or later window repeats the same history. Only the "late submissions" of the
 * last requested month depend on the window: they model the month still being entered.
 */
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './random.ts';

// ---------------------------------------------------------------------------------------------
// Paths and accounts

/** The model file (DESIGN.md §2). Absolute filesystem path. */
export const DEMO_MODEL_PATH: string = fileURLToPath(new URL('./demo-model.yaml', import.meta.url));

/** The survey definitions (DESIGN.md §3), by survey kind. Absolute filesystem paths. */
export const DEMO_SURVEY_PATHS = {
  csi: fileURLToPath(new URL('./surveys/csi.yaml', import.meta.url)),
  esi: fileURLToPath(new URL('./surveys/esi.yaml', import.meta.url)),
  icsi: fileURLToPath(new URL('./surveys/icsi.yaml', import.meta.url)),
  coi: fileURLToPath(new URL('./surveys/coi.yaml', import.meta.url)),
} as const;

export type DemoSurveyKind = keyof typeof DEMO_SURVEY_PATHS;

/**
 * When each demo survey is fielded and how many answer per unit: the customer survey every
 * month, the employee surveys at each quarter end (their indicators are quarterly).
 */
export const DEMO_SURVEY_SCHEDULE: Record<DemoSurveyKind, { frequency: 'monthly' | 'quarterly'; respondentsPerUnit: number }> = {
  csi: { frequency: 'monthly', respondentsPerUnit: 60 },
  esi: { frequency: 'quarterly', respondentsPerUnit: 20 },
  icsi: { frequency: 'quarterly', respondentsPerUnit: 20 },
  coi: { frequency: 'quarterly', respondentsPerUnit: 20 },
};

/** The months of `months` in which survey `kind` is fielded (see DEMO_SURVEY_SCHEDULE). */
export function demoSurveyPeriods(kind: DemoSurveyKind, months: string[]): string[] {
  return DEMO_SURVEY_SCHEDULE[kind].frequency === 'monthly' ? [...months] : months.filter((m) => monthParts(m).month % 3 === 0);
}

export type DemoRole = 'admin' | 'manager' | 'contributor' | 'reviewer' | 'viewer' | 'hr';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: DemoRole;
  /** Unit codes the role is granted on (it holds for their subtrees). */
  units: string[];
  locale: 'ko' | 'en';
}

/** One account per role. The loader chooses the password (and prints it). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'demo-admin', displayName: '데모 관리자 (Demo admin)', role: 'admin', units: ['HQ'], locale: 'ko' },
  { username: 'demo-manager', displayName: '리테일사업본부장 (Retail division manager)', role: 'manager', units: ['RETAIL'], locale: 'ko' },
  { username: 'demo-contributor', displayName: '강남점 CS담당 (Gangnam store CS officer)', role: 'contributor', units: ['SEOUL-GANGNAM'], locale: 'ko' },
  { username: 'demo-reviewer', displayName: '인사팀 평가담당 (HR evaluation reviewer)', role: 'reviewer', units: ['HQ'], locale: 'ko' },
  { username: 'demo-viewer', displayName: '경영위원회 열람 (Management committee viewer)', role: 'viewer', units: ['HQ'], locale: 'en' },
  { username: 'demo-hr', displayName: '인사팀 급여담당 (HR payroll)', role: 'hr', units: ['HQ'], locale: 'ko' },
];

/**
 * Indicators the demo surveys feed (see the `feeds` of the files in DEMO_SURVEY_PATHS). The
 * generator produces plausible values for them too; a loader that imports survey results for a
 * period can pass these as `exclude` so the two sources do not overwrite each other.
 */
export const SURVEY_FED_INDICATORS: readonly string[] = [
  'CSI', 'OVERALL_SAT', 'REUSE_RATE', 'RECOMMEND_RATE', 'COMPETITIVE_INDEX', 'ESI', 'ICSI', 'COI',
];

// ---------------------------------------------------------------------------------------------
// Months

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthParts(month: string): { year: number; month: number } {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new Error(`"${month}" is not a month (YYYY-MM)`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

const monthKey = (year: number, month: number) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

/** `count` consecutive months ending with `endMonth`, oldest first. */
export function demoMonths(endMonth: string, count = 26): string[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, not ${count}`);
  const end = monthParts(endMonth);
  const endOrdinal = end.year * 12 + (end.month - 1);
  const out: string[] = [];
  for (let ordinal = endOrdinal - count + 1; ordinal <= endOrdinal; ordinal++) out.push(monthKey(Math.floor(ordinal / 12), (ordinal % 12) + 1));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: every draw is a hash of its key, so there is no hidden sequence.

const SEED = 'northstar-demo-v1';

/** cyrb53: a fast, well-mixed 53-bit string hash. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Uniform in [0, 1) from a key. */
function uniform(...key: (string | number)[]): number {
  return hash53(`${SEED}|${key.join('|')}`) / 9007199254740992;
}

/** Standard normal from a key (Box-Muller on two keyed uniforms). */
function normal(...key: (string | number)[]): number {
  const u1 = Math.max(uniform(...key, 'n1'), 1e-12);
  const u2 = uniform(...key, 'n2');
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

// ---------------------------------------------------------------------------------------------
// Calendar: Korean retail peaks in December and in the weeks before 설날 and 추석.

/** First day of 설날 and 추석 (the holiday itself), solar dates. */
const LUNAR_HOLIDAYS: Record<number, { seollal: [number, number]; chuseok: [number, number] }> = {
  2021: { seollal: [2, 12], chuseok: [9, 21] },
  2022: { seollal: [2, 1], chuseok: [9, 10] },
  2023: { seollal: [1, 22], chuseok: [9, 29] },
  2024: { seollal: [2, 10], chuseok: [9, 17] },
  2025: { seollal: [1, 29], chuseok: [10, 6] },
  2026: { seollal: [2, 17], chuseok: [9, 25] },
  2027: { seollal: [2, 7], chuseok: [9, 15] },
  2028: { seollal: [1, 27], chuseok: [10, 3] },
  2029: { seollal: [2, 13], chuseok: [9, 22] },
  2030: { seollal: [2, 3], chuseok: [9, 12] },
};
const HOLIDAY_RUN_UP_DAYS = 21;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Share (0-1 per holiday, summed) of the 21 shopping days before 설날/추석 that fall in this month. */
export function holidayRunUp(year: number, month: number): number {
  const dates = LUNAR_HOLIDAYS[year] ?? { seollal: [2, 1] as [number, number], chuseok: [9, 25] as [number, number] };
  let share = 0;
  for (const [hm, hd] of [dates.seollal, dates.chuseok]) {
    const holiday = Date.UTC(year, hm - 1, hd);
    const monthStart = Date.UTC(year, month - 1, 1);
    const monthEnd = Date.UTC(year, month - 1, daysInMonth(year, month)) + 86_400_000;
    const runStart = holiday - HOLIDAY_RUN_UP_DAYS * 86_400_000;
    const overlap = Math.max(0, Math.min(holiday, monthEnd) - Math.max(runStart, monthStart)) / 86_400_000;
    share += overlap / HOLIDAY_RUN_UP_DAYS;
  }
  return share;
}

//                          Jan   Feb   Mar   Apr   May   Jun   Jul   Aug   Sep   Oct   Nov   Dec
const STORE_SEASON = [1.0, 0.86, 0.95, 0.96, 1.05, 0.95, 0.96, 0.93, 0.97, 1.0, 1.05, 1.24];
const ONLINE_SEASON = [0.98, 0.88, 0.95, 0.95, 1.0, 0.97, 0.97, 0.95, 0.98, 1.01, 1.2, 1.12];
const SERVICE_SEASON = [0.9, 0.84, 0.92, 0.95, 1.02, 1.12, 1.28, 1.26, 1.0, 0.92, 0.9, 0.95];
/** CS academy in March and September, year-end lull in December; mean 1. */
const TRAINING_PATTERN = [0.8, 0.9, 1.7, 1.0, 0.8, 1.1, 0.8, 0.7, 1.6, 1.0, 1.0, 0.6];

// ---------------------------------------------------------------------------------------------
// Unit profiles

type UnitKind = 'store' | 'online' | 'service' | 'callcenter';

interface Profile {
  kind: UnitKind;
  /** Deseasonalised monthly revenue in 2025-01, 백만원. */
  size: number;
  /** Revenue growth per year (0.06 = 6 %). */
  growth: number;
  /** Service-quality level, about −1 (poor) … +1 (excellent). */
  quality: number;
  /** Change of `quality` per year: the CS programme works in most places. */
  improvement: number;
  /** Average spend per purchase in 2025-01, KRW. */
  ticket: number;
  /** Staff in 2025-01. */
  heads: number;
  /** Market share in %, and its change per year in percentage points. */
  share: number;
  shareTrend: number;
}

const PROFILES: Record<string, Profile> = {
  'SEOUL-GANGNAM': { kind: 'store', size: 5200, growth: 0.06, quality: 0.6, improvement: 0.25, ticket: 104_000, heads: 128, share: 24.2, shareTrend: 0.4 },
  'SEOUL-JAMSIL': { kind: 'store', size: 4300, growth: 0.05, quality: 0.4, improvement: 0.3, ticket: 92_000, heads: 112, share: 21.5, shareTrend: 0.3 },
  'SEOUL-YEOUIDO': { kind: 'store', size: 3100, growth: 0.025, quality: 0.05, improvement: 0.3, ticket: 88_000, heads: 84, share: 17.1, shareTrend: 0.1 },
  'GYEONGGI-BUNDANG': { kind: 'store', size: 3600, growth: 0.045, quality: 0.3, improvement: 0.3, ticket: 86_000, heads: 95, share: 19.4, shareTrend: 0.3 },
  'BUSAN-SEOMYEON': { kind: 'store', size: 3400, growth: 0.035, quality: 0.0, improvement: 0.35, ticket: 79_000, heads: 92, share: 22.3, shareTrend: 0.2 },
  'BUSAN-HAEUNDAE': { kind: 'store', size: 2800, growth: 0.05, quality: 0.2, improvement: 0.3, ticket: 83_000, heads: 76, share: 18.2, shareTrend: 0.3 },
  'DAEGU-DONGSEONGNO': { kind: 'store', size: 2500, growth: -0.04, quality: -0.6, improvement: 0.0, ticket: 71_000, heads: 74, share: 15.4, shareTrend: -1.1 },
  'GWANGJU-SANGMU': { kind: 'store', size: 2100, growth: 0.02, quality: -0.2, improvement: 0.25, ticket: 73_000, heads: 61, share: 20.1, shareTrend: 0.0 },
  'ONLINE-MALL': { kind: 'online', size: 6800, growth: 0.22, quality: 0.2, improvement: 0.3, ticket: 61_000, heads: 38, share: 1.9, shareTrend: 0.35 },
  'ONLINE-MARKET': { kind: 'online', size: 5400, growth: 0.15, quality: -0.3, improvement: 0.35, ticket: 48_000, heads: 27, share: 1.3, shareTrend: 0.2 },
  'SVC-SEOUL': { kind: 'service', size: 620, growth: 0.05, quality: 0.3, improvement: 0.3, ticket: 0, heads: 64, share: 0, shareTrend: 0 },
  'SVC-BUSAN': { kind: 'service', size: 430, growth: 0.03, quality: -0.1, improvement: 0.3, ticket: 0, heads: 47, share: 0, shareTrend: 0 },
  'SVC-DAEJEON': { kind: 'service', size: 360, growth: 0.04, quality: -0.45, improvement: -0.2, ticket: 0, heads: 41, share: 0, shareTrend: 0 },
  'SVC-CALLCENTER': { kind: 'callcenter', size: 0, growth: 0, quality: 0.0, improvement: 0.3, ticket: 0, heads: 132, share: 0, shareTrend: 0 },
};

/** Market shares of the units above the branches (org: none: each enters its own). */
const OWN_SHARES: Record<string, { share: number; shareTrend: number }> = {
  HQ: { share: 6.4, shareTrend: 0.3 },
  RETAIL: { share: 9.8, shareTrend: 0.1 },
  'RETAIL-CAPITAL': { share: 11.6, shareTrend: 0.25 },
  'RETAIL-REGIONAL': { share: 13.1, shareTrend: -0.15 },
  ONLINE: { share: 3.1, shareTrend: 0.45 },
};

// ---------------------------------------------------------------------------------------------
// The model, as far as the generator needs it (the parsed demo-model.yaml satisfies this).

export interface DemoUnitNode {
  code: string;
  children?: DemoUnitNode[];
}

export interface DemoIndicatorLike {
  code: string;
  unit?: string;
  direction?: string;
  formula?: string | null;
  appliesTo?: string[] | null;
  aggregation?: { time?: string; org?: string };
  frequency?: string;
}

export interface DemoModelLike {
  units: DemoUnitNode[];
  indicators: DemoIndicatorLike[];
}

interface UnitInfo {
  code: string;
  /** Self and ancestors, nearest first. */
  lineage: string[];
  leaf: boolean;
  /** Leaf units below (self for a leaf). */
  leaves: string[];
}

function flatten(units: DemoUnitNode[]): UnitInfo[] {
  const out: UnitInfo[] = [];
  const walk = (node: DemoUnitNode, ancestors: string[]): string[] => {
    const info: UnitInfo = { code: node.code, lineage: [node.code, ...ancestors], leaf: !node.children?.length, leaves: [] };
    out.push(info);
    info.leaves = node.children?.length ? node.children.flatMap((c) => walk(c, info.lineage)) : [node.code];
    return info.leaves;
  };
  for (const u of units) walk(u, []);
  return out;
}

/** A profile for any unit: the table above, or one derived from where the unit sits in the tree. */
function profileOf(unit: UnitInfo, all: Map<string, UnitInfo>): Profile {
  const known = PROFILES[unit.code];
  if (known) return known;
  if (!unit.leaf) {
    const children = unit.leaves.map((code) => all.get(code)).filter((u): u is UnitInfo => u !== undefined).map((u) => profileOf(u, all));
    const avg = (f: (p: Profile) => number) => (children.length ? children.reduce((s, p) => s + f(p), 0) / children.length : 0);
    const share = OWN_SHARES[unit.code] ?? { share: 5 + 10 * uniform('share', unit.code), shareTrend: 0.2 };
    return {
      kind: children[0]?.kind ?? 'store',
      size: avg((p) => p.size) * children.length,
      growth: avg((p) => p.growth),
      quality: avg((p) => p.quality),
      improvement: avg((p) => p.improvement),
      ticket: avg((p) => p.ticket),
      heads: avg((p) => p.heads) * children.length,
      ...share,
    };
  }
  const path = unit.lineage.join('/').toUpperCase();
  const kind: UnitKind = /CALL/.test(path) ? 'callcenter' : /SERVICE|SVC/.test(path) ? 'service' : /ONLINE/.test(path) ? 'online' : 'store';
  const r = (name: string) => uniform('profile', unit.code, name);
  return {
    kind,
    size: kind === 'online' ? 4000 + 3000 * r('size') : kind === 'service' ? 300 + 300 * r('size') : kind === 'callcenter' ? 0 : 2000 + 3000 * r('size'),
    growth: kind === 'online' ? 0.12 + 0.1 * r('growth') : 0.01 + 0.05 * r('growth'),
    quality: -0.5 + r('quality'),
    improvement: 0.1 + 0.3 * r('improvement'),
    ticket: kind === 'online' ? 50_000 + 15_000 * r('ticket') : 70_000 + 30_000 * r('ticket'),
    heads: kind === 'online' ? 25 + 15 * r('heads') : kind === 'callcenter' ? 110 + 30 * r('heads') : 45 + 70 * r('heads'),
    share: kind === 'online' ? 1 + r('share') : 14 + 10 * r('share'),
    shareTrend: 0.2,
  };
}

// ---------------------------------------------------------------------------------------------
// Series generators

interface Context {
  indicator: string;
  unit: string;
  profile: Profile;
  year: number;
  month: number;
  /** Years since 2025-01 (fractional). */
  t: number;
  /** Service quality now: quality + improvement × t. */
  q: number;
  /** How far the month runs above normal load (0 in an ordinary month). */
  busy: number;
  /** Share of the 설/추석 run-up in this month. */
  holiday: number;
  /** 1 in a month with an incident at this unit (system outage, supplier failure, …), else 0. */
  shock: number;
  /** Noise, standard normal, keyed by indicator, unit and month (and an optional tag). */
  n: (tag?: string) => number;
  /** Another indicator of the same unit and month (rounded as it is stored). */
  get: (code: string) => number;
}

type Generator = (c: Context) => number;

/** Activity of the month relative to an average month, by kind of unit. */
function seasonOf(kind: UnitKind, month: number, holiday: number): number {
  const m = month - 1;
  switch (kind) {
    case 'online':
      return ONLINE_SEASON[m] + 0.08 * holiday;
    case 'service':
    case 'callcenter':
      return SERVICE_SEASON[m];
    default:
      return STORE_SEASON[m] + 0.17 * holiday;
  }
}

const season = (c: Context) => seasonOf(c.profile.kind, c.month, c.holiday);

/** Deseasonalised revenue level of the month, 백만원. */
const trendLevel = (c: Context) => c.profile.size * Math.pow(1 + c.profile.growth, c.t);

const pick = <T>(c: Context, values: Record<UnitKind, T>): T => values[c.profile.kind];

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

const GENERATORS: Record<string, Generator> = {
  // --- financial ---------------------------------------------------------------------------
  REVENUE: (c) => trendLevel(c) * season(c) * (1 + 0.028 * c.n()) * (1 - 0.04 * c.shock),
  SGA_EXPENSE: (c) => {
    // 60 % fixed (rent, salaries), 40 % variable: the ratio to revenue swells in slow months.
    const rate = pick(c, { store: 0.205, online: 0.155, service: 0.32, callcenter: 0 }) * (1 - 0.02 * c.q);
    return (0.6 * trendLevel(c) + 0.4 * c.get('REVENUE')) * rate * (1 + 0.012 * c.n());
  },
  OPERATING_PROFIT: (c) => {
    const grossMargin = pick(c, { store: 0.272, online: 0.188 + 0.006 * c.t, service: 0.418, callcenter: 0 }) + 0.008 * c.q + 0.004 * c.n();
    return c.get('REVENUE') * grossMargin - c.get('SGA_EXPENSE');
  },
  HEADCOUNT: (c) => c.profile.heads * (1 + 0.02 * c.t) * (c.month === 12 ? 1.05 : 1) + 1.2 * c.n(),
  TRANSACTIONS: (c) => {
    const ticket = c.profile.ticket * (1 + 0.025 * c.t) * (1 + 0.07 * c.holiday + (c.month === 12 ? 0.04 : 0)) * (1 + 0.015 * c.n());
    return (c.get('REVENUE') * 1_000_000) / ticket;
  },
  MEMBER_REVENUE_SHARE: (c) => clamp(pick(c, { store: 58, online: 71, service: 50, callcenter: 50 }) + 4 * c.q + 2.2 * c.t + 0.9 * c.n(), 20, 95),

  // --- customer ----------------------------------------------------------------------------
  CSI: (c) => csiLevel(c.profile, c.q, c.t) - 1.4 * c.busy - 1.8 * c.shock + 1.1 * c.n(),
  OVERALL_SAT: (c) => clamp(c.get('CSI') + 3.6 + 1.3 * c.n(), 0, 100),
  REUSE_RATE: (c) => clamp(reuseLevel(c.profile, c.q, c.t) + 2 * c.n(), 5, 98),
  RECOMMEND_RATE: (c) => clamp(recommendLevel(c.profile, c.q, c.t) + 2.4 * c.n(), 5, 98),
  COMPETITIVE_INDEX: (c) => competitiveLevel(c.profile, c.q, c.t) - 1.5 * c.shock + 1.3 * c.n(),
  CRR: (c) => clamp(pick(c, { store: 82.6, online: 74, service: 80, callcenter: 80 }) + 3 * c.q + 0.9 * c.t + 0.7 * c.n(), 40, 99),
  NEW_MEMBERS: (c) =>
    c.profile.kind === 'online'
      ? c.get('TRANSACTIONS') * 0.034 * (1 + 0.07 * c.n())
      : c.get('TRANSACTIONS') * 0.021 * (1 + 0.25 * c.holiday) * (1 + 0.07 * c.n()),
  MARKET_SHARE: (c) => Math.max(0.1, c.profile.share + c.profile.shareTrend * c.t + 0.22 * c.n()),

  // --- process -----------------------------------------------------------------------------
  ORDERS: (c) =>
    pick(c, {
      store: () => c.get('REVENUE') * 0.55 * (1 + 0.03 * c.n()),
      online: () => c.get('TRANSACTIONS'),
      service: () => (c.get('REVENUE') / 0.118) * (1 + 0.03 * c.n()),
      callcenter: () => 0,
    })(),
  CLAIMS: (c) => {
    const rate = pick(c, { store: 1.45, online: 1.9, service: 2.6, callcenter: 2 }) - 0.38 * c.q + 0.9 * c.busy + 0.7 * c.shock;
    return c.get('ORDERS') * (Math.max(0.2, rate) / 100) * (1 + 0.07 * c.n());
  },
  REPEAT_CLAIMS: (c) => Math.min(c.get('CLAIMS'), c.get('CLAIMS') * (Math.max(1, 8.6 - 3.2 * c.q + 4 * c.shock + 1.1 * c.n()) / 100)),
  ON_TIME_ORDERS: (c) => {
    const rate = clamp(pick(c, { store: 96.2, online: 95.4, service: 94.8, callcenter: 95 }) + 1.7 * c.q - 5 * c.busy - 3 * c.shock + 0.45 * c.n(), 80, 99.7);
    return c.get('ORDERS') * (rate / 100);
  },
  SKUS_CHECKED: (c) => (c.profile.kind === 'online' ? 28_000 : 6_000 + 1.1 * c.profile.size) * (1 + 0.015 * c.n()),
  STOCKOUT_SKUS: (c) => {
    const rate = Math.max(0.3, 2.45 - 0.7 * c.q + 2.2 * c.holiday + 0.8 * c.shock + 0.22 * c.n());
    return c.get('SKUS_CHECKED') * (rate / 100);
  },
  INVENTORY_DAYS: (c) => {
    const base = pick(c, { store: 31, online: 22.5, service: 30, callcenter: 30 }) - 1.8 * c.q;
    const build = (c.profile.kind === 'online' ? 3 : 6) * c.holiday + (c.month === 11 ? 2 : 0) - (c.month === 2 ? 1.5 : 0);
    return Math.max(5, base + build + 1.1 * c.n());
  },
  TOUCHPOINT_SAT: (c) => clamp(pick(c, { store: 84.5, online: 80, service: 82.5, callcenter: 81 }) + 5 * c.q + 0.8 * c.t - 2.2 * c.busy + 1.7 * c.n(), 40, 100),
  FIRST_CALL_RESOLUTION: (c) =>
    clamp(pick(c, { store: 78, online: 78, service: 79, callcenter: 75.5 }) + 6 * c.q + 1.5 * c.t - 6 * c.busy - 2 * c.shock + 1.2 * c.n(), 40, 99),
  AVG_REPAIR_DAYS: (c) => Math.max(0.8, 2.05 - 0.45 * c.q + 1.3 * c.busy + 0.6 * c.shock + 0.12 * c.n()),
  VOC_RESOLVED_24H: (c) => clamp(pick(c, { store: 91, online: 89.5, service: 90, callcenter: 92.5 }) + 4 * c.q + 1.0 * c.t - 4 * c.busy - 3 * c.shock + 1.2 * c.n(), 50, 99.8),

  // --- infrastructure ----------------------------------------------------------------------
  CS_TRAINING_HOURS: (c) => Math.max(0, (1.95 + 0.3 * c.q + 0.28 * c.t) * TRAINING_PATTERN[c.month - 1] * (1 + 0.09 * c.n())),
  TRAINING_COMPLETION: (c) => clamp(94.3 + 2.4 * c.q + 1.1 * c.t + 1.5 * c.n(), 60, 100),
  ESI: (c) => esiLevel(c.profile, c.q, c.t) + 1.2 * c.n(),
  ICSI: (c) => icsiLevel(c.profile, c.q, c.t) + 1.2 * c.n(),
  COI: (c) => coiLevel(c.profile, c.q, c.t) + 1.1 * c.n(),
  TURNOVER_RATE: (c) =>
    Math.max(0.1, pick(c, { store: 1.35, online: 1.5, service: 1.1, callcenter: 3.3 }) - 0.3 * c.q + (c.month === 1 || c.month === 3 ? 0.35 : 0) + 0.22 * c.n()),
  CS_IDEAS: (c) => Math.max(0, c.get('HEADCOUNT') * 0.12 * (1 + 0.25 * c.t) * Math.sqrt(TRAINING_PATTERN[c.month - 1]) * (1 + 0.15 * c.n())),
};

// Levels shared by the measurement generator and the survey generator, so that a survey of a
// unit lands near the unit's series.
function csiLevel(p: Profile, q: number, t: number): number {
  return ({ store: 72, online: 69.5, service: 70.5, callcenter: 71 } as const)[p.kind] + 5 * q + 1.4 * t;
}
function reuseLevel(p: Profile, q: number, t: number): number {
  return ({ store: 63, online: 58, service: 61, callcenter: 60 } as const)[p.kind] + 9 * q + 2 * t;
}
function recommendLevel(p: Profile, q: number, t: number): number {
  return ({ store: 49, online: 45, service: 47, callcenter: 46 } as const)[p.kind] + 10 * q + 2.2 * t;
}
function competitiveLevel(_p: Profile, q: number, t: number): number {
  return 101.4 + 4.5 * q + 0.6 * t;
}
function esiLevel(p: Profile, q: number, t: number): number {
  return (p.kind === 'callcenter' ? 58 : 63.5) + 4 * q + 2 * t;
}
function icsiLevel(_p: Profile, q: number, t: number): number {
  return 61.5 + 3 * q + 2.2 * t;
}
function coiLevel(_p: Profile, q: number, t: number): number {
  return 71 + 4 * q + 1.5 * t;
}

/** A plain series for an indicator the generator has no recipe for, by its display unit. */
function fallbackGenerator(indicator: DemoIndicatorLike): Generator {
  const unit = (indicator.unit ?? '').toLowerCase();
  const base = 40 + 50 * uniform('fallback', indicator.code);
  return (c) => {
    if (unit === '%' || unit === 'points') return clamp(base + 3 * c.q + c.t + 1.5 * c.n(), 0, 100);
    if (unit.startsWith('krw')) return trendLevel(c) * season(c) * 0.1 * (1 + 0.03 * c.n());
    return Math.max(0, base * 10 * season(c) * (1 + 0.05 * c.n()));
  };
}

const COUNT_UNITS = new Set(['count', 'persons', 'krw', 'krw mn']);

/** Decimals a value is stored with: integers for counts and money, 2 decimals otherwise. */
function decimalsOf(indicator: DemoIndicatorLike): number {
  return COUNT_UNITS.has((indicator.unit ?? '').toLowerCase()) ? 0 : 2;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

// ---------------------------------------------------------------------------------------------
// Measurements

export interface DemoMeasurement {
  indicator: string;
  unit: string;
  period: string;
  value: number;
}

export interface DemoMeasurementOptions {
  /** Indicator codes to leave out (e.g. SURVEY_FED_INDICATORS when surveys are imported instead). */
  exclude?: Iterable<string>;
}

/** Chance that a leaf unit sent nothing at all for a month, and that a single value is missing. */
const UNIT_MONTH_GAP = 0.01;
const VALUE_GAP = 0.003;
/** Units that have not entered the last requested month yet (the demo contributor's branch first). */
const LATE_UNITS = 2;
/** Chance of an incident month at a unit (worse claims, delivery, repairs, CSI). */
const SHOCK = 0.04;

const isQuarterEnd = (month: number) => month % 3 === 0;

/**
 * One measurement per non-formula indicator × applicable unit × month: leaf units, plus the
 * units above them for `org: none` indicators (which do not aggregate). Quarterly indicators
 * only in March, June, September and December; yearly ones only in December. A few values are
 * missing on purpose (see UNIT_MONTH_GAP, VALUE_GAP, LATE_UNITS) so the app shows gaps.
 */
export function generateDemoMeasurements(model: DemoModelLike, months: string[], options: DemoMeasurementOptions = {}): DemoMeasurement[] {
  const units = flatten(model.units);
  const byCode = new Map(units.map((u) => [u.code, u]));
  const indicators = new Map(model.indicators.map((i) => [i.code, i]));
  const excluded = new Set(options.exclude ?? []);
  const profiles = new Map(units.map((u) => [u.code, profileOf(u, byCode)]));
  const parsedMonths = months.map((m) => ({ key: m, ...monthParts(m) }));
  const lastMonth = parsedMonths.length ? parsedMonths[parsedMonths.length - 1].key : null;
  const leaves = units.filter((u) => u.leaf).map((u) => u.code);
  // The demo contributor's branch is always among the late ones: there is a month to enter.
  const contributorUnits = DEMO_ACCOUNTS.filter((a) => a.role === 'contributor').flatMap((a) => a.units);
  const lateOrder = [...leaves].sort((a, b) => Number(contributorUnits.includes(b)) - Number(contributorUnits.includes(a)) || (lastMonth === null ? 0 : uniform('late', lastMonth, a) - uniform('late', lastMonth, b)));
  const late = new Set(lastMonth === null ? [] : lateOrder.slice(0, Math.min(LATE_UNITS, leaves.length)));

  // Values are memoised per unit-month so that dependent series (CLAIMS from ORDERS) agree.
  const memo = new Map<string, number>();
  const valueOf = (code: string, unit: string, year: number, month: number, stack: string[] = []): number => {
    const key = `${code}|${unit}|${year}|${month}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    if (stack.includes(code)) throw new Error(`demo generator: circular recipe ${[...stack, code].join(' → ')}`);
    const indicator = indicators.get(code) ?? { code, unit: 'count' };
    const profile = profiles.get(unit)!;
    const t = year - 2025 + (month - 1) / 12;
    const holiday = holidayRunUp(year, month);
    const context: Context = {
      indicator: code,
      unit,
      profile,
      year,
      month,
      t,
      q: profile.quality + profile.improvement * t,
      busy: Math.max(0, seasonOf(profile.kind, month, holiday) - 1.05),
      holiday,
      shock: uniform('shock', unit, year, month) < SHOCK ? 1 : 0,
      n: (tag = '') => normal(code, unit, year, month, tag),
      get: (other) => valueOf(other, unit, year, month, [...stack, code]),
    };
    const generate = GENERATORS[code] ?? fallbackGenerator(indicator);
    const raw = generate(context);
    const value = round(Number.isFinite(raw) ? raw : 0, decimalsOf(indicator));
    memo.set(key, value);
    return value;
  };

  // A single missing value of a formula input would skew its ratio (an on-time count without its
  // order count): inputs go missing only together, with the whole unit-month.
  const formulaInputs = new Set(model.indicators.flatMap((i) => (i.formula ? (i.formula.match(/[A-Z_][A-Z0-9_]*/g) ?? []) : [])));

  const out: DemoMeasurement[] = [];
  for (const indicator of model.indicators) {
    if (indicator.formula || excluded.has(indicator.code)) continue;
    const org = indicator.aggregation?.org ?? 'sum';
    const roots = indicator.appliesTo?.length ? new Set(indicator.appliesTo) : null;
    const targets = units.filter((u) => (roots === null || u.lineage.some((code) => roots.has(code))) && (u.leaf || org === 'none'));
    const frequency = indicator.frequency ?? 'monthly';
    for (const unit of targets) {
      for (const { key, year, month } of parsedMonths) {
        if (frequency === 'quarterly' && !isQuarterEnd(month)) continue;
        if (frequency === 'yearly' && month !== 12) continue;
        if (unit.leaf && uniform('gap', unit.code, key) < UNIT_MONTH_GAP) continue;
        if (!formulaInputs.has(indicator.code) && uniform('gap', indicator.code, unit.code, key) < VALUE_GAP) continue;
        if (key === lastMonth && late.has(unit.code)) continue;
        out.push({ indicator: indicator.code, unit: unit.code, period: key, value: valueOf(indicator.code, unit.code, year, month) });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Survey responses

/** The parts of a survey definition (DESIGN.md §3) the response generator reads. */
export interface DemoSurveyDefinitionLike {
  code: string;
  kind?: string;
  scale: { min: number; max: number };
  overall: string;
  factors: { code: string; items: string[] }[];
  loyalty?: { code: string; item: string; topBox: number }[];
  nps?: string | null;
  missing?: number[];
  segment?: { column: string; own: string | number } | null;
  unitColumn?: string | null;
}

export interface SurveyResponseOptions {
  /** Unit codes of the respondents (written to the definition's unitColumn). */
  units: string[];
  /** The survey's period, `YYYY-MM`, `YYYY-Qn` or `YYYY` (the level follows the unit's trend). */
  period: string;
  /** Respondents per unit, competitors' customers included when the definition has a segment. */
  respondentsPerUnit: number;
  seed?: number | string;
  /** Competitor values of the segment column (default A사, B사). */
  competitors?: string[];
  /** Share of own-brand respondents when there is a segment (default 0.6). */
  ownShare?: number;
}

export interface SurveyTable {
  columns: string[];
  rows: (string | number | null)[][];
}

type SurveyKind = 'csi' | 'esi' | 'icsi' | 'coi';

function surveyKindOf(definition: DemoSurveyDefinitionLike): SurveyKind {
  const text = `${definition.kind ?? ''} ${definition.code}`.toLowerCase();
  if (/icsi/.test(text)) return 'icsi';
  if (/esi/.test(text)) return 'esi';
  if (/coi/.test(text)) return 'coi';
  return 'csi';
}

/** A period's midpoint as years since 2025-01. */
function periodTime(period: string): number {
  const month = MONTH_PATTERN.exec(period);
  if (month) return Number(month[1]) - 2025 + (Number(month[2]) - 1) / 12;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return Number(quarter[1]) - 2025 + ((Number(quarter[2]) - 1) * 3 + 1) / 12;
  const year = /^(\d{4})$/.exec(period);
  if (year) return Number(year[1]) - 2025 + 5.5 / 12;
  throw new Error(`"${period}" is not a period (YYYY-MM, YYYY-Qn or YYYY)`);
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628274631];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pp = clamp(p, 1e-6, 1 - 1e-6);
  if (pp < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(pp));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (pp > 1 - 0.02425) return -inverseNormal(1 - pp);
  const q = pp - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Relative influence of each factor on the overall question, by position (so importances differ). */
const FACTOR_DRIVE = [0.42, 0.58, 0.2, 0.34, 0.46, 0.12, 0.28, 0.38];

/**
 * A CSV-ready answer table for a survey definition: one row per respondent, with a respondent
 * id, the segment and unit columns, a couple of profile columns and every item the definition
 * names. Answers come from a latent model (a general satisfaction plus one trait per factor; the
 * overall question leans on the factors with different strengths), so derived importance is
 * meaningful. About 1.5 % of answers are blank, 1 % carry the first declared missing code, and a
 * few respondents mark a whole factor as "not applicable" (missing code).
 */
export function generateSurveyResponses(definition: DemoSurveyDefinitionLike, opts: SurveyResponseOptions): SurveyTable {
  const { min, max } = definition.scale;
  const span = max - min;
  const kind = surveyKindOf(definition);
  const t = periodTime(opts.period);
  const missingCode = definition.missing?.length ? definition.missing[0] : null;
  const segment = definition.segment ?? null;
  const competitors = opts.competitors ?? ['A사', 'B사'];
  const ownShare = clamp(opts.ownShare ?? 0.6, 0, 1);
  const loyalty = definition.loyalty ?? [];
  const random = mulberry32(hash53(`${SEED}|survey|${definition.code}|${opts.period}|${String(opts.seed ?? 0)}`));
  const gauss = () => {
    const u1 = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
  };

  const profileUnits = new Map<string, Profile>();
  const profileFor = (unit: string): Profile => {
    let p = profileUnits.get(unit);
    if (!p) {
      p = PROFILES[unit] ?? profileOf({ code: unit, lineage: [unit], leaf: true, leaves: [unit] }, new Map());
      profileUnits.set(unit, p);
    }
    return p;
  };

  const isEmployee = kind !== 'csi';
  const profileColumns = isEmployee ? ['TENURE', 'JOB_GROUP'] : ['GENDER', 'AGE_GROUP'];
  const itemColumns = definition.factors.flatMap((f) => f.items);
  const scaleColumns = [...itemColumns, definition.overall, ...loyalty.map((l) => l.item)];
  const columns = unique([
    'RESP_ID',
    ...(segment ? [segment.column] : []),
    ...(definition.unitColumn ? [definition.unitColumn] : []),
    ...profileColumns,
    ...scaleColumns,
    ...(definition.nps ? [definition.nps] : []),
  ]);

  // Overall = general satisfaction + factor traits with unequal weights, rescaled to unit variance.
  const drives = definition.factors.map((_, i) => FACTOR_DRIVE[i % FACTOR_DRIVE.length]);
  const overallSd = Math.sqrt(0.55 ** 2 + drives.reduce((s, b) => s + b * b, 0) + 0.4 ** 2);
  const sd = 0.17 * span; // spread of answers on the answer scale
  const answer = (mean: number, z: number) => clamp(Math.round(mean + sd * z), min, max);
  const toScale = (points: number) => min + (clamp(points, 2, 98) / 100) * span;

  const rows: (string | number | null)[][] = [];
  const perUnit = Math.max(0, Math.floor(opts.respondentsPerUnit));
  for (const unit of opts.units) {
    const profile = profileFor(unit);
    const q = profile.quality + profile.improvement * t;
    const own = kind === 'csi' ? csiLevel(profile, q, t) : kind === 'esi' ? esiLevel(profile, q, t) : kind === 'icsi' ? icsiLevel(profile, q, t) : coiLevel(profile, q, t);
    const competitive = competitiveLevel(profile, q, t);
    // Factor levels: a fixed profile per factor plus a unit-specific twist (points).
    const factorShift = definition.factors.map((f) => 7 * (uniform('factor', definition.code, f.code) - 0.5) + 5 * (uniform('factor', definition.code, f.code, unit) - 0.5));
    for (let r = 0; r < perUnit; r++) {
      const segmentValue = segment ? (random() < ownShare || competitors.length === 0 ? String(segment.own) : competitors[Math.floor(random() * competitors.length)]) : null;
      const ownRespondent = segmentValue === null || (segment !== null && segmentValue === String(segment.own));
      const brandIndex = ownRespondent ? -1 : competitors.indexOf(segmentValue!);
      const level = ownRespondent ? own : (own * 100) / competitive + (brandIndex === 0 ? -1.2 : 1.0);
      const loyaltyShift = ownRespondent ? 0 : ((own * 100) / competitive - own) * 0.9;

      const general = gauss();
      const traits = definition.factors.map(() => gauss());
      const cells = new Map<string, string | number | null>();
      cells.set('RESP_ID', `${definition.code}-${opts.period}-${unit}-${String(r + 1).padStart(4, '0')}`);
      if (segment) cells.set(segment.column, segmentValue);
      if (definition.unitColumn) cells.set(definition.unitColumn, unit);
      if (isEmployee) {
        cells.set('TENURE', ['<1y', '1-3y', '3-5y', '5-10y', '10y+'][Math.floor(random() * 5)]);
        cells.set('JOB_GROUP', { store: 'sales', online: 'ecommerce', service: 'engineer', callcenter: 'counselor' }[profile.kind]);
      } else {
        cells.set('GENDER', random() < 0.56 ? 'F' : 'M');
        cells.set('AGE_GROUP', weightedPick(['20s', '30s', '40s', '50s', '60+'], [0.18, 0.26, 0.27, 0.19, 0.1], random()));
      }

      definition.factors.forEach((factor, k) => {
        const notApplicable = missingCode !== null && random() < 0.04;
        const latent = 0.7 * general + 0.71 * traits[k];
        const mean = toScale(level + factorShift[k]);
        for (const item of factor.items) {
          cells.set(item, notApplicable ? missingCode : answer(mean, (latent + 0.45 * gauss()) / 1.1));
        }
      });
      const overallLatent = (0.55 * general + drives.reduce((s, b, k) => s + b * traits[k], 0) + 0.4 * gauss()) / overallSd;
      cells.set(definition.overall, answer(toScale(level + 3.5), overallLatent));

      loyalty.forEach((entry, i) => {
        // Aim the top-box share at the unit's loyalty rate (reuse first, recommendation after).
        const rate = clamp((i === 0 ? reuseLevel(profile, q, t) : recommendLevel(profile, q, t)) + loyaltyShift, 5, 95) / 100;
        const mean = entry.topBox - 0.5 + sd * inverseNormal(rate);
        cells.set(entry.item, answer(mean, 0.75 * overallLatent + 0.66 * gauss()));
      });
      if (definition.nps) {
        const z = 0.7 * overallLatent + 0.71 * gauss();
        cells.set(definition.nps, clamp(Math.round(6.8 + (level - 70) / 8 + 2 * z), 0, 10));
      }

      // Blanks and declared missing codes, scattered over the scale answers.
      for (const column of scaleColumns) {
        const roll = random();
        if (roll < 0.015) cells.set(column, null);
        else if (roll < 0.025 && missingCode !== null) cells.set(column, missingCode);
      }
      rows.push(columns.map((column) => cells.get(column) ?? null));
    }
  }
  return { columns, rows };
}

function weightedPick<T>(values: readonly T[], weights: readonly number[], u: number): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += weights[i] / total;
    if (u < acc) return values[i];
  }
  return values[values.length - 1];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
