/**
 * The demo company's people (issue 18): about 300 employees over its stores, service centres
 * and online teams, with Korean names, effective-dated assignments (a few
 * transfers, joiners and leavers inside the first half of the demo year) and a few employees not
 * eligible for the CS pay component (e.g. on leave). Deterministic: the same year gives the same
 * file, so seeding again changes nothing.
 */
import { mulberry32 } from './random.ts';

const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
const GIVEN = ['민준', '서연', '지호', '수아', '도윤', '하은', '예준', '지우', '시우', '서윤', '주원', '지민', '하준', '채원', '은우', '다은', '건우', '수빈', '현우', '예린', '우진', '지안', '선우', '유진', '준서', '소율', '연우', '하린', '정우', '윤서'];

/**
 * Where people work, with a rough headcount weight (stores and the contact centre are largest).
 * Every one is evaluated in the demo's cycles, so each day of each employee has a grade.
 */
export const DEMO_PEOPLE_UNITS: readonly { unit: string; weight: number }[] = [
  { unit: 'SEOUL-GANGNAM', weight: 24 },
  { unit: 'SEOUL-JAMSIL', weight: 22 },
  { unit: 'SEOUL-YEOUIDO', weight: 18 },
  { unit: 'GYEONGGI-BUNDANG', weight: 18 },
  { unit: 'BUSAN-SEOMYEON', weight: 20 },
  { unit: 'BUSAN-HAEUNDAE', weight: 18 },
  { unit: 'DAEGU-DONGSEONGNO', weight: 16 },
  { unit: 'GWANGJU-SANGMU', weight: 14 },
  { unit: 'SVC-SEOUL', weight: 22 },
  { unit: 'SVC-BUSAN', weight: 16 },
  { unit: 'SVC-DAEJEON', weight: 12 },
  { unit: 'SVC-CALLCENTER', weight: 40 },
  { unit: 'ONLINE-MALL', weight: 16 },
  { unit: 'ONLINE-MARKET', weight: 14 },
];

export interface DemoRosterRow {
  employee: string;
  name: string;
  unit: string;
  from: string;
  to: string | null;
  base: number;
  eligible: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export function generateDemoRoster(year: string, employees = 300): DemoRosterRow[] {
  const rand = mulberry32(Number(year) * 7919);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const total = DEMO_PEOPLE_UNITS.reduce((s, u) => s + u.weight, 0);
  const unitAt = (x: number) => {
    let acc = 0;
    for (const u of DEMO_PEOPLE_UNITS) if ((acc += u.weight / total) > x) return u.unit;
    return DEMO_PEOPLE_UNITS[DEMO_PEOPLE_UNITS.length - 1].unit;
  };
  const inH1 = () => `${year}-${pad(1 + Math.floor(rand() * 6))}-${pad(1 + Math.floor(rand() * 28))}`;
  const rows: DemoRosterRow[] = [];
  for (let i = 1; i <= employees; i++) {
    const employee = `HB${year.slice(2)}${String(i).padStart(4, '0')}`;
    const name = pick(SURNAMES) + pick(GIVEN);
    const unit = unitAt(rand());
    // 2,400,000 – 6,000,000 won a month, in steps of 10,000.
    const base = 2_400_000 + Math.floor(rand() * 361) * 10_000;
    const hired = `${2012 + Math.floor(rand() * (Number(year) - 2012))}-${pad(1 + Math.floor(rand() * 12))}-01`;
    const kind = i % 20 === 3 ? 'transfer' : i % 25 === 7 ? 'joiner' : i % 30 === 11 ? 'leaver' : 'stays';
    const eligible = i % 60 !== 17; // a few on leave or on probation: no CS pay component
    if (kind === 'transfer') {
      const moved = inH1();
      let to = unitAt(rand());
      if (to === unit) to = DEMO_PEOPLE_UNITS[(DEMO_PEOPLE_UNITS.findIndex((u) => u.unit === unit) + 1) % DEMO_PEOPLE_UNITS.length].unit;
      rows.push({ employee, name, unit, from: hired, to: dayBefore(moved), base, eligible });
      rows.push({ employee, name, unit: to, from: moved, to: null, base, eligible });
    } else if (kind === 'joiner') rows.push({ employee, name, unit, from: inH1(), to: null, base, eligible });
    else if (kind === 'leaver') rows.push({ employee, name, unit, from: hired, to: inH1(), base, eligible });
    else rows.push({ employee, name, unit, from: hired, to: null, base, eligible });
  }
  return rows;
}

/** The roster as a CSV file, the way HR would export it from the personnel system. */
export function demoRosterCsv(rows: DemoRosterRow[]): string {
  return ['employee,name,unit,from,to,base,eligible', ...rows.map((r) => [r.employee, r.name, r.unit, r.from, r.to ?? '', r.base, r.eligible].join(','))].join('\n') + '\n';
}

/** The pay policy of the demo's first-half cycle. */
export const DEMO_PAY_POLICY = { rates: { S: 150, A: 120, B: 100, C: 80, D: 50 }, proration: 'days' as const, rounding: 1000 };
