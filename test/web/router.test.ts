// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { formatRoute, hrefFor, parseRoute, withDefaults } from '../../web/src/router.ts';
import { addMonths, latestCompleteMonth, monthRange, monthsBack } from '../../web/src/period.ts';

describe('URL state', () => {
  it('reads the view, the context and the view options from the URL', () => {
    const route = parseRoute('/heatmap', '?unit=SEOUL&period=2026-03&window=month&by=indicator');
    expect(route).toEqual({ name: 'heatmap', unit: 'SEOUL', period: '2026-03', window: 'month', params: { by: 'indicator' } });
    expect(parseRoute('/indicator/CLAIM%20RATE', '?unit=HQ')).toMatchObject({ name: 'indicator', code: 'CLAIM RATE', unit: 'HQ' });
    expect(parseRoute('/', '').name).toBe('overview');
    expect(parseRoute('/signin', '?next=%2Fscorecard').params.next).toBe('/scorecard');
    expect(parseRoute('/nowhere', '').name).toBe('not-found');
    expect(parseRoute('/indicator', '').name).toBe('not-found');
  });

  it('opens a VOC record from its link (/voc/ID) in the VOC view, and keeps drills in the URL', () => {
    const route = parseRoute('/voc/NS-20260312-7KQ2XM', '?unit=SEOUL-GANGNAM');
    expect(route).toMatchObject({ name: 'voc', unit: 'SEOUL-GANGNAM', params: { record: 'NS-20260312-7KQ2XM' } });
    expect(formatRoute(route)).toBe('/voc?unit=SEOUL-GANGNAM&record=NS-20260312-7KQ2XM');
    const drill = '/voc?unit=SEOUL-GANGNAM&period=2026-03&window=month&feed=slaDue&indicator=VOC_RESOLVED_24H';
    expect(formatRoute(parseRoute('/voc', drill.slice(4)))).toBe(drill);
  });

  it('round-trips every view through the URL unchanged', () => {
    for (const url of [
      '/overview?unit=HQ&period=2026-03&window=ytd',
      '/scorecard?unit=SEOUL&period=2025-12&window=month&focus=F1&sort=-score',
      '/indicator/SALES?unit=BUSAN&period=2026-01&window=ytd&at=2025-11&target=band',
      '/heatmap?unit=HQ&period=2026-03&window=ytd&by=indicator&display=chart',
      '/strategy?unit=HQ&period=2026-03&window=ytd',
      '/portfolio?unit=%EC%A0%84%EC%82%AC&period=2026-03&window=ytd',
    ]) {
      const [path, search] = url.split('?');
      expect(formatRoute(parseRoute(path, `?${search}`))).toBe(url);
    }
  });

  it('drops invalid context values so the defaults apply', () => {
    const route = parseRoute('/overview', '?unit=HQ&period=2026-13&window=week');
    expect(route.period).toBeUndefined();
    expect(route.window).toBeUndefined();
    const full = withDefaults(route, { unit: 'X', period: '2026-02', window: 'ytd' });
    expect(formatRoute(full)).toBe('/overview?unit=HQ&period=2026-02&window=ytd');
  });

  it('builds links in a context with view options, skipping empty ones', () => {
    expect(hrefFor('scorecard', { unit: 'HQ', period: '2026-03', window: 'ytd' }, { params: { focus: 'C1', sort: undefined } })).toBe('/scorecard?unit=HQ&period=2026-03&window=ytd&focus=C1');
    expect(hrefFor('indicator', { unit: 'HQ' }, { code: 'A/B' })).toBe('/indicator/A%2FB?unit=HQ');
  });
});

describe('periods', () => {
  it('defaults to the latest complete month (the previous calendar month)', () => {
    expect(latestCompleteMonth(new Date(2026, 3, 15))).toBe('2026-03');
    expect(latestCompleteMonth(new Date(2026, 0, 1))).toBe('2025-12');
  });

  it('steps and lists months across year ends', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-03', -23)).toBe('2024-04');
    expect(monthsBack('2026-02', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
