/**
 * The demo company's improvement worksheets (seed pp.37-38, 49-50): initiatives with action
 * items, benchmark values for named competitors and best in class (TOP), and improvement
 * priority settings. Dates follow the demo's last month so the board always looks current.
 */
import type { BenchmarkInput, InitiativeInput, PriorityInput } from '../initiatives/schema.ts';

const pad = (n: number) => String(n).padStart(2, '0');
/** The first day of the month `offset` months from `endMonth` (YYYY-MM). */
function day(endMonth: string, offset: number, dayOfMonth = 1): string {
  const [y, m] = endMonth.split('-').map(Number);
  const ordinal = y * 12 + (m - 1) + offset;
  return `${Math.floor(ordinal / 12)}-${pad((ordinal % 12) + 1)}-${pad(dayOfMonth)}`;
}

export function demoInitiatives(endMonth: string): InitiativeInput[] {
  const d = (offset: number, dd = 1) => day(endMonth, offset, dd);
  return [
    {
      code: 'IMP-REPAIR-SPEED',
      title: '수리 소요일 단축 (Cut repair lead time)',
      unit: 'SERVICE',
      indicators: ['AVG_REPAIR_DAYS'],
      owner: '서비스기획팀 박과장',
      start: d(-8),
      end: d(2, 28),
      evaluation: '서비스센터 평균 수리일 (월별 실적)',
      target: 1.9,
      baseline: 2.4,
      current: 2.1,
      status: 'in_progress',
      actions: [
        { title: '부품 재고 기준 재설정', due: d(-6, 15), done: true },
        { title: '당일 수리 전담 창구 운영', due: d(-2, 28), done: true },
        { title: '기사 배정 시스템 개선', due: d(2, 15), done: false },
      ],
    },
    {
      code: 'IMP-FIRST-CALL',
      title: 'One Call · One Stop 상담 해결률 향상',
      unit: 'SVC-CALLCENTER',
      indicators: ['FIRST_CALL_RESOLUTION'],
      owner: '고객상담센터팀 이대리',
      start: d(-12),
      end: d(-1, 28),
      evaluation: '첫 통화 해결률 (상담 시스템)',
      target: 82,
      baseline: 74,
      current: 81.5,
      status: 'done',
      actions: [
        { title: '상담 스크립트 개정', due: d(-10, 15), done: true },
        { title: 'FAQ 지식베이스 구축', due: d(-6, 28), done: true },
      ],
    },
    {
      code: 'IMP-CLAIM-ZERO',
      title: 'Claim 재발 방지 (설치 품질 점검)',
      unit: 'RETAIL',
      indicators: ['CLAIM_RATE'],
      owner: '품질보증팀 최차장',
      start: d(1),
      end: d(7, 28),
      evaluation: 'Claim 발생률 (%)',
      target: 2.2,
      baseline: 2.6,
      status: 'planned',
      actions: [
        { title: '설치 체크리스트 배포', due: d(2, 15), done: false },
        { title: '협력사 시공 교육', due: d(4, 15), done: false },
      ],
    },
    {
      code: 'IMP-ON-TIME',
      title: '납기 준수율 개선 (On Time)',
      unit: 'ONLINE',
      indicators: ['ON_TIME_DELIVERY'],
      owner: '물류팀 정과장',
      start: d(-5),
      end: d(3, 28),
      evaluation: '납기 준수 건수 / 주문 건수',
      target: 96.5,
      baseline: 94,
      current: 95.2,
      status: 'on_hold',
      actions: [{ title: '택배사 SLA 재협상', due: d(-1, 20), done: false }],
    },
  ].map((i) => ({ ...i, status: i.status as InitiativeInput['status'] }));
}

/** Benchmarks for the last two years of data: A사, B사 and best in class (TOP). */
export function demoBenchmarks(endMonth: string): BenchmarkInput[] {
  const year = Number(endMonth.slice(0, 4));
  const table: [string, number[], number[], number[]][] = [
    // indicator, A사, B사, TOP (previous year, this year)
    ['CSI', [72.5, 73.4], [70.1, 71.0], [78.0, 79.2]],
    ['ON_TIME_DELIVERY', [95.1, 95.6], [93.8, 94.5], [97.8, 98.1]],
    ['FIRST_CALL_RESOLUTION', [78.0, 79.5], [75.2, 76.0], [85.0, 86.5]],
    ['AVG_REPAIR_DAYS', [2.2, 2.1], [2.6, 2.5], [1.7, 1.6]],
    ['CLAIM_RATE', [2.4, 2.35], [2.8, 2.7], [2.0, 1.9]],
  ];
  return table.flatMap(([indicator, a, b, top]) =>
    [0, 1].flatMap((i) => {
      const period = String(year - 1 + i);
      return [
        { indicator, period, competitor: 'A사', value: a[i] },
        { indicator, period, competitor: 'B사', value: b[i] },
        { indicator, period, competitor: 'TOP', value: top[i] },
      ];
    }),
  );
}

export function demoPriorities(): PriorityInput[] {
  return [
    { unit: 'HQ', indicator: 'CSI', importance: 3, cause: '매장 응대 편차, 설치 후 사후관리 미흡', target: 76 },
    { unit: 'HQ', indicator: 'AVG_REPAIR_DAYS', importance: 2, cause: '부품 수급 지연', target: 1.9 },
    { unit: 'HQ', indicator: 'FIRST_CALL_RESOLUTION', importance: 2, cause: '상담원 권한 부족', target: 82 },
    { unit: 'HQ', indicator: 'CLAIM_RATE', importance: 1.5, cause: '협력사 시공 품질', target: 2.2 },
    { unit: 'HQ', indicator: 'ON_TIME_DELIVERY', expected: 97, importance: 1, cause: '택배 물량 집중', target: 96.5 },
  ];
}
