// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../web/src/components/ns-voc-intake.ts';
import { ApiError } from '../../web/src/api.ts';
import { paretoOption, vocSlaOption, vocVolumeOption } from '../../web/src/charts/voc.ts';
import { timeLeftText } from '../../web/src/voc-labels.ts';
import {
  actionsFor,
  byDeadline,
  fieldErrors,
  flattenCategories,
  formatDuration,
  newVocId,
  pareto,
  rowProblems,
  splitHours,
  timeLeftKind,
  vocDrillParams,
  vocFeedsOf,
} from '../../web/src/voc.ts';

const FEEDS = { received: 'VOC_RECEIVED', complaints: 'VOC_COMPLAINTS', slaDue: 'VOC_SLA_DUE', slaMet: 'VOC_SLA_MET', resolved: 'VOC_RESOLVED', resolutionHours: 'VOC_RESOLUTION_HOURS', repeats: 'VOC_REPEATS' };

describe('the Pareto of VOC categories', () => {
  it('sorts largest first and runs the cumulative share up to 100 %', () => {
    const rows = pareto([
      { code: 'PARKING', count: 5 },
      { code: 'STAFF', count: 50 },
      { code: 'PRODUCT', count: 30 },
      { code: 'PRICE', count: 15 },
    ]);
    expect(rows.map((r) => r.code)).toEqual(['STAFF', 'PRODUCT', 'PRICE', 'PARKING']);
    expect(rows.map((r) => r.share)).toEqual([0.5, 0.3, 0.15, 0.05]);
    expect(rows.map((r) => Math.round(r.cumulativeShare * 100))).toEqual([50, 80, 95, 100]);
    expect(rows[rows.length - 1].cumulativeShare).toBe(1);
  });

  it('marks the vital few: every category up to the one that reaches 80 %', () => {
    const exact = pareto([
      { code: 'A', count: 50 },
      { code: 'B', count: 30 },
      { code: 'C', count: 20 },
    ]);
    expect(exact.filter((r) => r.vital).map((r) => r.code)).toEqual(['A', 'B']);
    const past = pareto([
      { code: 'A', count: 40 },
      { code: 'B', count: 30 },
      { code: 'C', count: 20 },
      { code: 'D', count: 10 },
    ]);
    // 40, 70, 90: C crosses 80 % and is the last of the vital few
    expect(past.filter((r) => r.vital).map((r) => r.code)).toEqual(['A', 'B', 'C']);
    // one category alone is all of them
    expect(pareto([{ code: 'ONLY', count: 3 }])).toEqual([{ code: 'ONLY', count: 3, share: 1, cumulativeShare: 1, vital: true }]);
  });

  it('drops zero counts, breaks ties by code and keeps names', () => {
    const rows = pareto([
      { code: 'B', count: 2, name: { ko: '비', en: 'Bee' } },
      { code: 'A', count: 2 },
      { code: 'Z', count: 0 },
    ]);
    expect(rows.map((r) => r.code)).toEqual(['A', 'B']);
    expect(rows[1].name).toEqual({ ko: '비', en: 'Bee' });
    expect(pareto([])).toEqual([]);
  });

  it('draws bars (the vital few in the strong colour), the cumulative line in percent and the 80 % mark', () => {
    const rows = pareto([
      { code: 'A', count: 60 },
      { code: 'B', count: 30 },
      { code: 'C', count: 10 },
    ]);
    const option = paretoOption({ rows, nameOf: (r) => r.code, labels: { count: 'Count', cumulative: 'Cumulative', threshold: '80%' }, formatCount: String, formatShare: String }) as any;
    expect(option.xAxis.data).toEqual(['A', 'B', 'C']);
    expect(option.series[0].data.map((d: any) => d.value)).toEqual([60, 30, 10]);
    expect(option.series[0].data[0].itemStyle.color).not.toBe(option.series[0].data[2].itemStyle.color);
    expect(option.series[1].data).toEqual([60, 90, 100]);
    expect(option.series[1].yAxisIndex).toBe(1);
    expect(option.series[1].markLine.data).toEqual([{ yAxis: 80 }]);
    expect(option.yAxis[1].max).toBe(100);
  });
});

describe('VOC volume and SLA charts', () => {
  it('stacks the types by month', () => {
    const option = vocVolumeOption({
      periods: ['2026-01', '2026-02'],
      types: [
        { key: 'complaint', label: 'Complaint', data: [3, 4] },
        { key: 'praise', label: 'Praise', data: [1, 0] },
      ],
      formatPeriod: (p) => p,
      formatCount: String,
    }) as any;
    expect(option.series.map((s: any) => s.stack)).toEqual(['volume', 'volume']);
    expect(option.series[0].data).toEqual([3, 4]);
  });

  it('draws the SLA rate and the target only where there is one', () => {
    const withTarget = vocSlaOption({ periods: ['2026-01', '2026-02'], rates: [92, null], targets: [90, 90], labels: { rate: 'Rate', target: 'Target' }, formatPeriod: (p) => p, formatPercent: String }) as any;
    expect(withTarget.series.map((s: any) => s.id)).toEqual(['rate', 'target']);
    expect(withTarget.series[0].data).toEqual([92, null]);
    expect(withTarget.yAxis.max).toBe(100);
    const without = vocSlaOption({ periods: ['2026-01'], rates: [50], targets: [null], labels: { rate: 'Rate', target: 'Target' }, formatPeriod: (p) => p, formatPercent: String }) as any;
    expect(without.series.map((s: any) => s.id)).toEqual(['rate']);
  });
});

describe('time left to the SLA deadline', () => {
  it('splits hours into days, hours and minutes', () => {
    expect(splitHours(52.5)).toEqual({ days: 2, hours: 4, minutes: 30 });
    expect(splitHours(-5.25)).toEqual({ days: 0, hours: 5, minutes: 15 });
    expect(splitHours(0.999)).toEqual({ days: 0, hours: 1, minutes: 0 });
  });

  it('reads the way a VOC desk talks, in English and Korean', () => {
    expect(formatDuration(52.5, 'en')).toBe('2 d 4 h');
    expect(formatDuration(52.5, 'ko')).toBe('2일 4시간');
    expect(formatDuration(5.5, 'en')).toBe('5 h 30 min');
    expect(formatDuration(5.5, 'ko')).toBe('5시간 30분');
    expect(formatDuration(0.75, 'ko')).toBe('45분');
    expect(formatDuration(48, 'en')).toBe('2 d');
    expect(formatDuration(0, 'en')).toBe('0 min');
    expect(formatDuration(-3, 'en')).toBe('3 h');
  });

  it('tells open, soon, overdue, done and no-SLA records apart', () => {
    const open = { status: 'assigned' as const, deadline: '2026-03-02T00:00:00Z', overdue: false };
    expect(timeLeftKind({ ...open, hoursLeft: 10 })).toBe('ok');
    expect(timeLeftKind({ ...open, hoursLeft: 3 })).toBe('soon');
    expect(timeLeftKind({ ...open, hoursLeft: -2 })).toBe('overdue');
    expect(timeLeftKind({ ...open, hoursLeft: 5, overdue: true })).toBe('overdue');
    expect(timeLeftKind({ ...open, status: 'resolved', hoursLeft: -2 })).toBe('done');
    expect(timeLeftKind({ status: 'received', deadline: null, hoursLeft: null, overdue: false })).toBe('none');
  });

  it('says how long is left or how late it is', () => {
    const open = { status: 'in_progress' as const, deadline: '2026-03-02T00:00:00Z', overdue: false };
    expect(timeLeftText({ ...open, hoursLeft: 26 }, 'en')).toBe('1 d 2 h left');
    expect(timeLeftText({ ...open, hoursLeft: -5, overdue: true }, 'en')).toBe('Overdue by 5 h');
    expect(timeLeftText({ status: 'received', deadline: null, hoursLeft: null, overdue: false }, 'en')).toBe('No SLA');
  });

  it('lists the most urgent first, records without a deadline last', () => {
    const r = (id: string, deadline: string | null, receivedAt = '2026-03-01T00:00:00Z') => ({ id, deadline, receivedAt });
    const sorted = byDeadline([r('C', null), r('B', '2026-03-03T00:00:00Z'), r('A', '2026-03-02T00:00:00Z'), r('D', '2026-03-02T00:00:00Z', '2026-03-01T05:00:00Z')]);
    expect(sorted.map((x) => x.id)).toEqual(['A', 'D', 'B', 'C']);
  });
});

describe('intake ids, the category tree and the workflow', () => {
  it('makes an id from the date and six unambiguous random characters', () => {
    const id = newVocId(new Date(2026, 2, 12, 9, 30), (n) => n - 1);
    expect(id).toBe('NS-20260312-ZZZZZZ');
    const a = newVocId(new Date(2026, 0, 5));
    expect(a).toMatch(/^NS-20260105-[2-9A-HJ-NP-Z]{6}$/);
    expect(new Set(Array.from({ length: 200 }, () => newVocId())).size).toBe(200);
  });

  it('flattens the category tree parents first', () => {
    const flat = flattenCategories([
      { code: 'PRODUCT', name: { ko: '상품', en: 'Product' }, children: [{ code: 'PRODUCT-DEFECT', name: '불량' }] },
      { code: 'SERVICE', name: 'Service' },
    ]);
    expect(flat.map((c) => [c.code, c.depth, c.leaf])).toEqual([
      ['PRODUCT', 0, false],
      ['PRODUCT-DEFECT', 1, true],
      ['SERVICE', 0, true],
    ]);
  });

  it('offers the actions a status allows', () => {
    expect(actionsFor('received')).toContain('assign');
    expect(actionsFor('in_progress')).toContain('resolve');
    expect(actionsFor('resolved')).toEqual(['close', 'reopen']);
    expect(actionsFor('closed')).toEqual(['reopen']);
  });
});

describe('drill from a scorecard indicator to its VOC records', () => {
  it('finds the feed an indicator is, or the denominator of a formula over feeds first', () => {
    expect(vocFeedsOf({ code: 'VOC_COMPLAINTS' }, FEEDS)).toEqual(['complaints']);
    expect(vocFeedsOf({ code: 'VOC_SLA_RATE', formula: 'VOC_SLA_MET / VOC_SLA_DUE * 100' }, FEEDS)).toEqual(['slaDue', 'slaMet']);
    expect(vocFeedsOf({ code: 'VOC_HOURS', formula: 'VOC_RESOLUTION_HOURS / VOC_RESOLVED' }, FEEDS)).toEqual(['resolved', 'resolutionHours']);
    expect(vocFeedsOf({ code: 'REPEAT_RATE', formula: 'VOC_REPEATS / (VOC_COMPLAINTS) * 100' }, FEEDS)).toEqual(['complaints', 'repeats']);
    expect(vocFeedsOf({ code: 'SALES', formula: 'REVENUE / STORES' }, FEEDS)).toEqual([]);
    expect(vocFeedsOf({ code: 'SALES', formula: null }, FEEDS)).toEqual([]);
  });

  it('builds the VOC view options, none without VOC feeds', () => {
    expect(vocDrillParams({ code: 'VOC_SLA_RATE', formula: 'VOC_SLA_MET / VOC_SLA_DUE * 100' }, FEEDS)).toEqual({ feed: 'slaDue', indicator: 'VOC_SLA_RATE' });
    expect(vocDrillParams({ code: 'VOC_SLA_RATE', formula: 'VOC_SLA_MET / VOC_SLA_DUE * 100' }, null)).toBeNull();
    expect(vocDrillParams({ code: 'NPS' }, FEEDS)).toBeNull();
  });
});

describe('the API’s 4xx answers, by row and by field', () => {
  it('reads details.rows and bare arrays, reason or message', () => {
    const e = new ApiError(422, 'invalid_rows', 'Row 3 is wrong', { rows: [{ row: 3, field: 'category', reason: 'unknown category NOPE' }] });
    expect(rowProblems(e)).toEqual([{ row: 3, field: 'category', reason: 'unknown category NOPE' }]);
    expect(rowProblems(new ApiError(422, 'x', 'y', [{ row: 1, field: 'unit', message: 'unknown unit' }]))).toEqual([{ row: 1, field: 'unit', reason: 'unknown unit' }]);
    expect(rowProblems(new Error('boom'))).toEqual([]);
  });

  it('maps problems to the form fields (camelCased), the first per field', () => {
    const e = new ApiError(422, 'invalid', 'bad', { rows: [{ row: 1, field: 'received_at', reason: 'not a date' }, { row: 1, field: 'received_at', reason: 'second' }] });
    expect(fieldErrors(e)).toEqual({ receivedAt: 'not a date' });
    expect(fieldErrors(new ApiError(422, 'root_cause_required', 'A complaint needs a root cause', { field: 'rootCause' }))).toEqual({ rootCause: 'A complaint needs a root cause' });
    expect(fieldErrors(new ApiError(400, 'validation', 'bad', { issues: [{ path: ['records', 0, 'severity'], message: 'Invalid option' }] }))).toEqual({ severity: 'Invalid option' });
  });
});

describe('<ns-voc-intake>', () => {
  const fetchMock = vi.fn();
  const config = { timezone: 'Asia/Seoul', categories: [{ code: 'SERVICE', name: { ko: '서비스', en: 'Service' }, children: [{ code: 'SERVICE-STAFF', name: { ko: '직원 응대', en: 'Staff' } }] }, { code: 'OTHER', name: { ko: '기타', en: 'Other' } }], sla: { complaint: 24 }, feeds: {}, canResolve: true, assignees: [] };
  const units = [
    { code: 'RETAIL', name: { en: 'Retail', ko: '리테일' }, depth: 1 },
    { code: 'SEOUL-GANGNAM', name: { en: 'Gangnam store', ko: '강남점' }, depth: 2 },
  ];
  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  async function mount() {
    const el = document.createElement('ns-voc-intake');
    Object.assign(el, { config, units, unit: 'SEOUL-GANGNAM' });
    document.body.append(el);
    await el.updateComplete;
    return el;
  }
  const $ = <T extends Element>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
  const submit = async (el: Element) => {
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await (el as any).updateComplete;
  };

  it('labels every field and offers the category tree and the store/phone channels first', async () => {
    const el = await mount();
    for (const control of el.shadowRoot!.querySelectorAll('select[id], input[id], textarea[id]')) {
      expect(el.shadowRoot!.querySelector(`label[for="${control.id}"]`), `label for ${control.id}`).not.toBeNull();
    }
    expect([...el.shadowRoot!.querySelectorAll('#intake-category option')].map((o) => (o as HTMLOptionElement).value)).toEqual(['', 'SERVICE-STAFF', 'OTHER']);
    expect(el.shadowRoot!.querySelector('#intake-category optgroup')!.getAttribute('label')).toBe('Service');
    expect([...el.shadowRoot!.querySelectorAll('input[name="channel"]')].map((i) => (i as HTMLInputElement).value)).toEqual(['store', 'call']);
    expect($<HTMLSelectElement>(el, '#intake-unit').value).toBe('SEOUL-GANGNAM');
  });

  it('names the missing fields next to them and sends nothing', async () => {
    const el = await mount();
    await submit(el);
    expect($(el, '[data-error-for="category"]').textContent).toMatch(/category/i);
    expect($(el, '[data-error-for="text"]').textContent).toMatch(/customer said/i);
    expect($(el, '#intake-category').getAttribute('aria-invalid')).toBe('true');
    expect($(el, '#intake-category').getAttribute('aria-describedby')).toBe('intake-err-category');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('posts one record with a generated id, and shows the API’s reason next to its field', async () => {
    const el = await mount();
    $<HTMLSelectElement>(el, '#intake-category').value = 'SERVICE-STAFF';
    $<HTMLTextAreaElement>(el, '#intake-text').value = '직원이 불친절했어요';
    $<HTMLInputElement>(el, '#intake-customer').value = 'M-123456';
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ error: { code: 'invalid_rows', message: 'Row 1 is wrong', details: { rows: [{ row: 1, field: 'customer', reason: 'is not a customer id' }] } } }), { status: 422 }));
    await submit(el);
    await vi.waitFor(() => expect($(el, '[data-error-for="customer"]')?.textContent).toBe('is not a customer id'));
    const [url, init] = fetchMock.mock.calls[0];
    expect(String(url)).toBe('/api/v1/voc');
    const body = JSON.parse(String(init.body ?? (await (url as Request).text?.())));
    expect(body.records).toHaveLength(1);
    expect(body.records[0]).toMatchObject({ channel: 'store', type: 'complaint', category: 'SERVICE-STAFF', unit: 'SEOUL-GANGNAM', severity: 'normal', customer: 'M-123456', text: '직원이 불친절했어요' });
    expect(body.records[0].id).toMatch(/^NS-\d{8}-[2-9A-HJ-NP-Z]{6}$/);
    expect(Number.isNaN(Date.parse(body.records[0].receivedAt))).toBe(false);

    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ rows: 1, created: 1, updated: 0, unchanged: 0, notices: [], feeds: { cells: 1, changed: 1, locked: [] } }), { status: 200 }));
    let created = '';
    el.addEventListener('ns-voc-created', (e) => (created = (e as CustomEvent).detail.id));
    await submit(el);
    await vi.waitFor(() => expect(created).toMatch(/^NS-/));
    expect($(el, '[data-testid="intake-created"]').textContent).toContain(created);
  });
});
