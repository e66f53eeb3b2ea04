// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { furthestOffTarget, scoredIndicators } from '../../web/src/views/ns-overview-view.ts';
import '../../web/src/views/ns-overview-view.ts';
import type { Scorecard, Status } from '../../web/src/types.ts';
import { indicator, jsonResponse, scorecard, useFetchMock } from './fixtures.ts';

/** One objective holding the given indicators. */
function cardOf(...rows: { code: string; score: number | null; status: Status }[]): Scorecard {
  const card = scorecard();
  card.perspectives = [{ ...card.perspectives[0], objectives: [{ ...card.perspectives[0].objectives[0], indicators: rows.map((r) => indicator(r)) }] }];
  return card;
}

describe('furthestOffTarget', () => {
  it('lists every off-track indicator before the at-risk ones, whatever their scores', () => {
    // per-indicator thresholds can make 96 off track while 89 is only at risk
    const card = cardOf(
      { code: 'A', score: 89, status: 'at_risk' },
      { code: 'B', score: 96, status: 'off_track' },
      { code: 'C', score: 70, status: 'off_track' },
      { code: 'D', score: 99, status: 'at_risk' },
      { code: 'E', score: 120, status: 'on_track' },
    );
    expect(furthestOffTarget(card).map((r) => r.indicator.code)).toEqual(['C', 'B', 'A', 'D']);
  });

  it('never cuts an off-track indicator to fit the limit; at-risk ones fill what room is left', () => {
    const card = cardOf(
      { code: 'R1', score: 91, status: 'at_risk' },
      { code: 'O1', score: 50, status: 'off_track' },
      { code: 'O2', score: 60, status: 'off_track' },
      { code: 'O3', score: 70, status: 'off_track' },
    );
    expect(furthestOffTarget(card, 2).map((r) => r.indicator.code)).toEqual(['O1', 'O2', 'O3']);
    expect(furthestOffTarget(card, 4).map((r) => r.indicator.code)).toEqual(['O1', 'O2', 'O3', 'R1']);
  });

  it('keeps an off-track indicator without a score (status decided by the server) after the scored ones', () => {
    const card = cardOf({ code: 'X', score: null, status: 'off_track' }, { code: 'Y', score: 40, status: 'off_track' });
    expect(furthestOffTarget(card).map((r) => r.indicator.code)).toEqual(['Y', 'X']);
  });

  it('counts the indicators that have a status other than no data', () => {
    expect(scoredIndicators(cardOf({ code: 'A', score: null, status: 'no_data' }))).toBe(0);
    expect(scoredIndicators(scorecard())).toBe(3);
  });
});

describe('<ns-overview-view> empty states', () => {
  const fetchMock = useFetchMock();
  const freshness = { sources: [], missing: [] };

  async function show(card: Scorecard) {
    fetchMock.mockImplementation(async (url: string) => jsonResponse(String(url).includes('/freshness') ? freshness : card));
    const el = document.createElement('ns-overview-view');
    Object.assign(el, { unit: 'HQ', period: '2026-03', window: 'ytd' });
    document.body.append(el);
    let text = '';
    await vi.waitFor(() => {
      text = el.shadowRoot!.querySelector('[data-testid="off-target"]')?.textContent ?? '';
      expect(text).not.toBe('');
      expect(el.shadowRoot!.querySelector('[data-testid="off-target"] ns-state, [data-testid="off-target"] table')).not.toBeNull();
    });
    return el;
  }
  const offTargetText = (el: Element) => {
    const state = el.shadowRoot!.querySelector('[data-testid="off-target"] ns-state');
    return state?.getAttribute('message') ?? el.shadowRoot!.querySelector('[data-testid="off-target"]')!.textContent!;
  };

  it('says "no data", never "every indicator meets its target", when nothing has data', async () => {
    const el = await show(cardOf({ code: 'A', score: null, status: 'no_data' }, { code: 'B', score: null, status: 'no_data' }));
    expect(offTargetText(el)).toMatch(/no data/i);
    expect(offTargetText(el)).not.toMatch(/meets its target/);
  });

  it('says every scored indicator meets its target only when some were scored and none is off', async () => {
    const el = await show(cardOf({ code: 'A', score: 104, status: 'on_track' }, { code: 'B', score: null, status: 'no_data' }));
    expect(offTargetText(el)).toBe('Every scored indicator meets its target.');
  });

  it('names each off-target indicator’s owner from the scorecard it already loaded (two requests)', async () => {
    const el = await show(scorecard());
    const owners = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-testid="off-target"] tr[data-indicator]')].map((tr) => [tr.dataset.indicator, tr.querySelector<HTMLElement>('.owner')?.dataset.owner]);
    expect(owners).toEqual([['NEW_CUST', 'park'], ['CLAIM_RATE', 'lee']]);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('"My indicators" narrows the off-target list to the user’s own (`mine=1`)', async () => {
    const el = await show(scorecard());
    Object.assign(el, { username: 'park', params: { mine: '1' } });
    await vi.waitFor(() => expect(el.shadowRoot!.querySelectorAll('[data-testid="off-target"] tr[data-indicator]')).toHaveLength(1));
    expect(el.shadowRoot!.querySelector<HTMLElement>('[data-testid="off-target"] tr[data-indicator]')!.dataset.indicator).toBe('NEW_CUST');
    expect(el.shadowRoot!.querySelector('[data-testid="mine-toggle"]')!.getAttribute('aria-pressed')).toBe('true');
    Object.assign(el, { username: 'kim' });
    await vi.waitFor(() => expect(offTargetText(el)).toBe('None of your indicators is off target.'));
  });

  it('marks a partial perspective and a partial indicator in the off-target list', async () => {
    const card = cardOf({ code: 'A', score: 70, status: 'off_track' });
    card.perspectives[0].objectives[0].indicators[0].completeness = { units: { reported: 3, expected: 4, missing: ['GANGNAM'] }, months: null };
    card.perspectives[0].complete = false;
    const el = await show(card);
    const badges = [...el.shadowRoot!.querySelectorAll('ns-completeness-badge')].filter((b) => b.note);
    expect(badges.map((b) => b.note!.text)).toEqual(expect.arrayContaining(['Partial', '3 of 4 units']));
  });
});
