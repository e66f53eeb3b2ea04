// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { applyLocale } from '../../web/src/i18n.ts';
import { statusLook } from '../../web/src/status.ts';
import { STATUS_COLOR, STATUS_FILL } from '../../web/src/charts/palette.ts';
import '../../web/src/components/ns-status-badge.ts';

afterEach(async () => {
  document.body.innerHTML = '';
  await applyLocale('en');
});

describe('statusLook: the one function behind every status colour and icon', () => {
  it.each([
    ['on_track', '●', 'On track'],
    ['at_risk', '▲', 'At risk'],
    ['off_track', '■', 'Off track'],
    ['no_data', '○', 'No data'],
  ] as const)('%s has one icon, one colour, one fill and one label', (status, icon, label) => {
    const look = statusLook(status);
    expect(look).toEqual({ status, icon, color: STATUS_COLOR[status], fill: STATUS_FILL[status], label });
  });

  it('reads anything else as no data (never as on track)', () => {
    for (const odd of [undefined, null, '', 'weird', 42]) expect(statusLook(odd).status).toBe('no_data');
  });

  it('gives every status a distinct icon and fill, so colour and icon always tell the same story', () => {
    const looks = (['on_track', 'at_risk', 'off_track', 'no_data'] as const).map(statusLook);
    expect(new Set(looks.map((l) => l.icon)).size).toBe(4);
    expect(new Set(looks.map((l) => l.fill)).size).toBe(4);
  });

  it('speaks Korean', async () => {
    await applyLocale('ko');
    expect(statusLook('off_track').label).toBe('미달');
  });

  it('is what <ns-status-badge> shows', async () => {
    const el = document.createElement('ns-status-badge');
    el.status = 'at_risk';
    document.body.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.icon')!.textContent).toBe(statusLook('at_risk').icon);
  });
});
