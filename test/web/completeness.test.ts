// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { applyLocale } from '../../web/src/i18n.ts';
import { completenessNote, isPartialFigure, rollupNote } from '../../web/src/completeness.ts';
import '../../web/src/components/ns-completeness-badge.ts';
import { indicator, scorecard } from './fixtures.ts';

afterEach(async () => {
  document.body.innerHTML = '';
  await applyLocale('en');
});

const lateStore = { units: { reported: 3, expected: 4, missing: ['GANGNAM'] }, months: null };
const lateMonth = { units: null, months: { reported: 9, expected: 10, missing: ['2026-10'] } };
const names: Record<string, string> = { GANGNAM: 'Gangnam store' };
const options = { locale: 'en' as const, unitName: (code: string) => names[code] ?? code };

describe('completenessNote', () => {
  it('says "3 of 4 units" and names the late unit', () => {
    expect(completenessNote(lateStore, options)).toEqual({ text: '3 of 4 units', details: ['Not reported: Gangnam store'] });
  });

  it('says "9 of 10 months" and names the missing month', () => {
    expect(completenessNote(lateMonth, options)).toEqual({ text: '9 of 10 months', details: ['Months missing: Oct 2026'] });
  });

  it('says both when both are short', () => {
    const note = completenessNote({ units: lateStore.units, months: lateMonth.months }, options)!;
    expect(note.text).toBe('3 of 4 units · 9 of 10 months');
    expect(note.details).toHaveLength(2);
  });

  it('says nothing for a complete figure, a leaf in one month, or no completeness at all', () => {
    expect(completenessNote({ units: { reported: 4, expected: 4, missing: [] }, months: { reported: 10, expected: 10, missing: [] } }, options)).toBeNull();
    expect(completenessNote({ units: null, months: null }, options)).toBeNull();
    expect(completenessNote(undefined, options)).toBeNull();
    expect(isPartialFigure(null)).toBe(false);
  });

  it('speaks Korean', async () => {
    await applyLocale('ko');
    const note = completenessNote(lateStore, { ...options, locale: 'ko' })!;
    expect(note.text).toBe('4개 중 3개 조직');
    expect(note.details[0]).toContain('Gangnam store');
  });
});

describe('rollupNote', () => {
  it('marks a perspective partial and lists the partial indicators under it', () => {
    const card = scorecard();
    card.perspectives[0].objectives[0].indicators[0] = indicator({ completeness: lateStore });
    const note = rollupNote(card.perspectives[0], options)!;
    expect(note.text).toBe('Partial');
    expect(note.details).toEqual(['Sales: 3 of 4 units']);
    expect(rollupNote(card.perspectives[1], options)).toBeNull();
    expect(rollupNote(card, options)!.details).toEqual(['Sales: 3 of 4 units']);
  });

  it('trusts an explicit complete: false even without indicator detail', () => {
    expect(rollupNote({ complete: false }, options)!.text).toBe('Partial');
    expect(rollupNote({ complete: true }, options)).toBeNull();
  });
});

describe('<ns-completeness-badge>', () => {
  async function mount(note = completenessNote(lateStore, options)) {
    const el = document.createElement('ns-completeness-badge');
    el.note = note;
    document.body.append(el);
    await el.updateComplete;
    return el;
  }

  it('renders nothing for a complete figure', async () => {
    const el = await mount(null);
    expect(el.shadowRoot!.querySelector('button')).toBeNull();
  });

  it('is a focusable button described by a tooltip holding the missing names', async () => {
    const el = await mount();
    const button = el.shadowRoot!.querySelector('button')!;
    expect(button.textContent).toContain('3 of 4 units');
    expect(button.tabIndex).toBe(0);
    const tip = el.shadowRoot!.getElementById(button.getAttribute('aria-describedby')!)!;
    expect(tip.getAttribute('role')).toBe('tooltip');
    expect(tip.textContent).toContain('Not reported: Gangnam store');
  });

  it('opens on tap (click) without following an enclosing link, and closes on Escape', async () => {
    const el = await mount();
    const link = document.createElement('a');
    link.href = '#followed';
    link.append(el);
    document.body.append(link);
    await el.updateComplete;
    const button = el.shadowRoot!.querySelector('button')!;
    const click = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
    button.dispatchEvent(click);
    await el.updateComplete;
    expect(click.defaultPrevented).toBe(true);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(el.shadowRoot!.querySelector('.open')).not.toBeNull();
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('evaluationRowNote', () => {
  it('names the indicators left out and those scored on part of the data, provisional or final alike', async () => {
    const { evaluationRowNote } = await import('../../web/src/completeness.ts');
    expect(evaluationRowNote({ complete: true, leftOut: [], partial: [] }, options)).toBeNull();
    expect(evaluationRowNote({}, options)).toBeNull();
    expect(evaluationRowNote({ complete: false, leftOut: ['NPS'], partial: [{ indicator: 'REVENUE', completeness: lateStore }] }, options)).toEqual({
      text: '1 left out',
      details: ['Left out (no comparable month): NPS', 'Scored on part of the data: REVENUE (3 of 4 units)'],
    });
    expect(evaluationRowNote({ complete: false }, options)!.text).toBe('Partial');
  });
});
