/**
 * The demo company's VOC (고객의 소리): a few thousand synthetic records over its 26 months,
 * deterministic (seeded), so the VOC indicators (VOC_RESOLVED_24H and the feeds under it)
 * come from records instead of typed numbers. Realistic for a Korean retailer: categories
 * (상품 불량, 품절, 계산 오류, 직원 응대, 매장 청결, 주차, 배송 지연, 환불/교환, 앱 오류 …),
 * channels by kind of unit, peaks before 설 and 추석 and at the year's end, slower answers in
 * busy months, better ones as the service improves, and customers who complain again.
 */
import type { VocBatchRow, VocInput } from '../voc/service.ts';
import { holidayRunUp } from './demo-data.ts';
import { mulberry32 } from './random.ts';

/** Units and their kind (the demo model's leaves that take VOC), with a size factor. */
const VOC_UNITS: { code: string; kind: 'store' | 'service' | 'callcenter' | 'online'; size: number }[] = [
  { code: 'SEOUL-GANGNAM', kind: 'store', size: 1.4 },
  { code: 'SEOUL-JAMSIL', kind: 'store', size: 1.3 },
  { code: 'SEOUL-YEOUIDO', kind: 'store', size: 0.9 },
  { code: 'GYEONGGI-BUNDANG', kind: 'store', size: 1.1 },
  { code: 'BUSAN-SEOMYEON', kind: 'store', size: 1.0 },
  { code: 'BUSAN-HAEUNDAE', kind: 'store', size: 0.9 },
  { code: 'DAEGU-DONGSEONGNO', kind: 'store', size: 0.8 },
  { code: 'GWANGJU-SANGMU', kind: 'store', size: 0.7 },
  { code: 'SVC-SEOUL', kind: 'service', size: 0.8 },
  { code: 'SVC-BUSAN', kind: 'service', size: 0.6 },
  { code: 'SVC-DAEJEON', kind: 'service', size: 0.5 },
  { code: 'SVC-CALLCENTER', kind: 'callcenter', size: 1.2 },
  { code: 'ONLINE-MALL', kind: 'online', size: 1.3 },
  { code: 'ONLINE-MARKET', kind: 'online', size: 0.9 },
];

type Kind = (typeof VOC_UNITS)[number]['kind'];
type Cause = 'people' | 'procedure' | 'facility' | 'product' | 'other';

interface Category {
  code: string;
  weight: Record<Kind, number>;
  causes: [Cause, number][];
  texts: string[];
  resolution: string;
}

/** Leaf categories with how often each kind of unit hears of them (the 80/20 falls out of these). */
const CATEGORIES: Category[] = [
  { code: 'SERVICE-STAFF', weight: { store: 20, service: 14, callcenter: 22, online: 6 }, causes: [['people', 8], ['procedure', 2]], texts: ['직원이 불친절하게 응대했어요', '문의했는데 퉁명스럽게 대답했습니다', '직원 설명이 서로 달라서 혼란스러웠어요'], resolution: '고객께 사과드리고 해당 직원 응대 교육을 실시함' },
  { code: 'SERVICE-WAIT', weight: { store: 6, service: 10, callcenter: 16, online: 2 }, causes: [['procedure', 6], ['people', 4]], texts: ['계산대 대기 시간이 너무 길어요', '상담 연결까지 20분 넘게 기다렸습니다', '수리 접수 대기가 깁니다'], resolution: '피크 시간 인력 재배치, 대기 안내 개선' },
  { code: 'PRODUCT-DEFECT', weight: { store: 15, service: 12, callcenter: 10, online: 12 }, causes: [['product', 9], ['procedure', 1]], texts: ['구매한 제품이 불량이에요', '우유 유통기한이 지나 있었어요', '포장을 뜯어보니 파손되어 있었습니다'], resolution: '교환 및 사과, 협력사에 품질 개선 요청' },
  { code: 'PRODUCT-SOLDOUT', weight: { store: 10, service: 0, callcenter: 4, online: 9 }, causes: [['product', 5], ['procedure', 5]], texts: ['전단 행사 상품이 품절이에요', '앱에서는 재고 있다고 했는데 매장에 없어요', '계속 품절이라 살 수가 없어요'], resolution: '입고 일정 안내, 재고 연동 점검' },
  { code: 'PRODUCT-PRICE', weight: { store: 5, service: 0, callcenter: 3, online: 4 }, causes: [['procedure', 7], ['people', 3]], texts: ['가격표와 계산 금액이 달라요', '할인 표시가 잘못되어 있었습니다'], resolution: '차액 환불, 가격표 전수 점검' },
  { code: 'STORE-CHECKOUT', weight: { store: 7, service: 0, callcenter: 2, online: 0 }, causes: [['people', 6], ['procedure', 4]], texts: ['계산이 두 번 됐어요', '영수증 금액이 틀렸습니다', '포인트 적립이 안 됐어요'], resolution: '중복 결제 취소 및 포인트 적립 처리' },
  { code: 'STORE-CLEAN', weight: { store: 4, service: 2, callcenter: 0, online: 0 }, causes: [['facility', 7], ['people', 3]], texts: ['화장실이 너무 지저분해요', '매장 바닥이 미끄러웠어요'], resolution: '청소 주기 단축, 시설 점검' },
  { code: 'STORE-PARKING', weight: { store: 6, service: 3, callcenter: 1, online: 0 }, causes: [['facility', 8], ['procedure', 2]], texts: ['주차 공간이 부족해요', '주차 정산이 안 돼서 한참 기다렸어요', '주차 요원 안내가 불친절했어요'], resolution: '주차 안내 인력 보강, 정산기 점검' },
  { code: 'DELIVERY-DELAY', weight: { store: 5, service: 8, callcenter: 12, online: 16 }, causes: [['procedure', 7], ['other', 3]], texts: ['배송이 약속한 날짜보다 늦어요', '배송 조회가 며칠째 그대로예요', '설치 기사 방문이 연기됐어요'], resolution: '배송 일정 재확정 및 지연 보상 쿠폰 지급' },
  { code: 'DELIVERY-INSTALL', weight: { store: 1, service: 9, callcenter: 4, online: 2 }, causes: [['people', 5], ['procedure', 5]], texts: ['설치 후 물이 새요', '설치 기사가 벽에 흠집을 냈어요'], resolution: '재방문 시공 및 손상 보상' },
  { code: 'RETURN-REFUND', weight: { store: 6, service: 3, callcenter: 9, online: 12 }, causes: [['procedure', 8], ['people', 2]], texts: ['환불이 일주일째 안 들어왔어요', '반품 접수가 안 돼요', '교환 절차가 너무 복잡해요'], resolution: '환불 즉시 처리, 반품 절차 안내 개선' },
  { code: 'DIGITAL-APP', weight: { store: 2, service: 0, callcenter: 4, online: 12 }, causes: [['facility', 5], ['other', 5]], texts: ['앱 결제 중에 오류가 나요', '앱 로그인이 안 됩니다', '쿠폰이 적용되지 않아요'], resolution: '앱 오류 수정 배포 및 쿠폰 재발급' },
  { code: 'OTHER', weight: { store: 2, service: 2, callcenter: 3, online: 2 }, causes: [['other', 10]], texts: ['기타 문의드립니다', '건의 사항이 있습니다'], resolution: '담당 부서 안내' },
];

const CHANNELS: Record<Kind, [string, number][]> = {
  store: [['store', 45], ['call', 28], ['app', 14], ['web', 6], ['sns', 4], ['email', 3]],
  service: [['call', 50], ['store', 28], ['web', 15], ['email', 7]],
  callcenter: [['call', 88], ['email', 7], ['web', 5]],
  online: [['app', 45], ['web', 32], ['email', 10], ['sns', 8], ['call', 5]],
};
const TYPES: [string, number][] = [['complaint', 55], ['inquiry', 30], ['suggestion', 7], ['praise', 8]];
const SEVERITIES: [string, number][] = [['normal', 70], ['low', 15], ['high', 12], ['critical', 3]];
const PRAISE = ['직원분이 정말 친절했어요', '빠르게 처리해 주셔서 감사합니다', '설치 기사님이 꼼꼼하셨어요'];
const SUGGESTION = ['주말 영업시간을 늘려 주세요', '앱에 재고 조회 기능이 있으면 좋겠어요', '유아 휴게실을 만들어 주세요'];
const INQUIRY = ['영업시간 문의', '배송 가능 지역 문의', '제품 사용법 문의', '멤버십 혜택 문의'];

function weighted<T>(random: () => number, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = random() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}
const pick = <T>(random: () => number, list: T[]) => list[Math.floor(random() * list.length)];

/** Month factors: the year-end peak and the holiday run-ups (설, 추석) add volume. */
const SEASON = [1.0, 0.95, 0.95, 0.95, 1.0, 0.95, 1.0, 1.0, 1.0, 1.05, 1.1, 1.3];

const HOUR = 3_600_000;
const SEOUL_OFFSET = 9 * HOUR;
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/**
 * The records (about 150 a month), as batches for writeVocRecords. Depends only on the months:
 * seeding again changes nothing.
 */
export function generateDemoVoc(months: string[]): VocInput[] {
  const random = mulberry32(20_260_101);
  const out: VocInput[] = [];
  const endMonth = months[months.length - 1];
  const lastComplaint = new Map<string, { id: string; at: number }>();
  months.forEach((month, index) => {
    const [year, m] = month.split('-').map(Number);
    const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const holiday = holidayRunUp(year, m);
    const busy = SEASON[m - 1] + 0.35 * holiday;
    const improvement = index / months.length; // answers get faster over the two years
    let seq = 0;
    for (const unit of VOC_UNITS) {
      const count = Math.round(unit.size * 10 * busy * (0.85 + 0.3 * random()));
      for (let i = 0; i < count; i++) {
        const day = 1 + Math.floor(random() * days);
        const hour = 9 + Math.floor(random() * 13);
        const minute = Math.floor(random() * 60);
        const receivedAt = Date.UTC(year, m - 1, day, hour, minute) - SEOUL_OFFSET;
        const type = weighted(random, TYPES);
        const category = weighted(random, CATEGORIES.map((c) => [c, c.weight[unit.kind]] as [Category, number]).filter(([, w]) => w > 0));
        const id = `VOC-${month.replace('-', '')}-${String(++seq).padStart(4, '0')}`;
        // Customers: a pool per unit, so some come back; a tenth of complaints follow up an earlier one.
        let customer: string | null = random() < 0.8 ? `${unit.code.slice(0, 2)}${String(10_000_000 + Math.floor(random() * 1500) * 7919).slice(-8)}` : null;
        let repeatOf: string | null = null;
        let categoryCode = category.code;
        if (type === 'complaint' && random() < 0.1) {
          const earlier = [...lastComplaint.entries()].filter(([k, v]) => k.startsWith(unit.code + '|') && receivedAt - v.at < 25 * 24 * HOUR && receivedAt > v.at);
          if (earlier.length) {
            const [key, prior] = pick(random, earlier);
            customer = key.split('|')[1];
            categoryCode = key.split('|')[2];
            if (random() < 0.5) repeatOf = prior.id;
          }
        }
        const cat = CATEGORIES.find((c) => c.code === categoryCode)!;
        if (type === 'complaint' && customer) lastComplaint.set(`${unit.code}|${customer}|${categoryCode}`, { id, at: receivedAt });
        // Resolution time: mostly within a day, slower in busy months and for critical cases, faster as the years go.
        const severity = weighted(random, SEVERITIES);
        const median = (type === 'complaint' ? 7 : type === 'inquiry' ? 5 : 30) * (1 + 0.6 * Math.max(0, busy - 1)) * (1 - 0.3 * improvement) * (severity === 'critical' ? 1.8 : 1);
        const hours = Math.max(0.2, median * Math.exp(1.0 * gaussian(random)));
        const resolvedAt = receivedAt + Math.round(hours * 60) * 60_000;
        const recent = month === endMonth && random() < 0.08;
        const open = recent || resolvedAt > Date.UTC(year, m, 1) + 40 * 24 * HOUR;
        const cause = weighted(random, cat.causes);
        const text = type === 'complaint' ? pick(random, cat.texts) : type === 'praise' ? pick(random, PRAISE) : type === 'suggestion' ? pick(random, SUGGESTION) : pick(random, INQUIRY);
        out.push({
          id,
          receivedAt: iso(receivedAt),
          channel: weighted(random, CHANNELS[unit.kind]),
          type,
          category: type === 'complaint' || type === 'inquiry' ? categoryCode : type === 'praise' ? 'SERVICE-STAFF' : 'OTHER',
          unit: unit.code,
          severity,
          customer,
          text,
          status: open ? weighted(random, [['received', 3], ['assigned', 3], ['in_progress', 4]]) : month === endMonth ? 'resolved' : 'closed',
          resolvedAt: open ? null : iso(resolvedAt),
          resolution: open ? null : type === 'complaint' ? cat.resolution : type === 'inquiry' ? '안내 완료' : '감사 회신',
          rootCause: open || type !== 'complaint' ? null : cause,
          repeatOf,
        });
      }
    }
  });
  return out;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function demoVocBatches(records: VocInput[], size = 5000): VocBatchRow[][] {
  const batches: VocBatchRow[][] = [];
  for (let i = 0; i < records.length; i += size) batches.push(records.slice(i, i + size).map((input, j) => ({ row: i + j + 1, input })));
  return batches;
}
