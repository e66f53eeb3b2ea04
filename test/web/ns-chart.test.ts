// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The canvas chart is stubbed: happy-dom has no canvas. The wrapper loads the registry module
// lazily, so mocking that module is enough.
const fake = vi.hoisted(() => {
  const handlers = new Map<string, (p: unknown) => void>();
  const chart = {
    setOption: vi.fn(),
    resize: vi.fn(),
    dispose: vi.fn(),
    on: vi.fn((name: string, fn: (p: unknown) => void) => handlers.set(name, fn)),
  };
  return { chart, handlers, init: vi.fn((_el?: unknown, _theme?: unknown, _opts?: unknown) => chart) };
});
vi.mock('../../web/src/charts/echarts.ts', () => ({ init: fake.init }));

// A ResizeObserver we can trigger by hand.
class FakeResizeObserver {
  static instances: FakeResizeObserver[] = [];
  observed: Element[] = [];
  disconnected = false;
  constructor(readonly callback: ResizeObserverCallback) {
    FakeResizeObserver.instances.push(this);
  }
  observe(el: Element) {
    this.observed.push(el);
  }
  unobserve() {}
  disconnect() {
    this.disconnected = true;
  }
  fire() {
    this.callback([], this as unknown as ResizeObserver);
  }
}

import { NsChart } from '../../web/src/components/ns-chart.ts';

async function mount(option: object | null = { series: [] }) {
  const el = document.createElement('ns-chart');
  el.option = option as never;
  el.label = 'Sales against target';
  document.body.append(el);
  await el.updateComplete;
  await el.whenReady();
  await el.updateComplete;
  return el;
}

describe('<ns-chart>', () => {
  beforeEach(() => {
    vi.stubGlobal('ResizeObserver', FakeResizeObserver);
    FakeResizeObserver.instances = [];
    fake.init.mockClear();
    fake.chart.setOption.mockClear();
    fake.chart.resize.mockClear();
    fake.chart.dispose.mockClear();
    fake.handlers.clear();
  });
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('is the registered element', () => {
    expect(document.createElement('ns-chart')).toBeInstanceOf(NsChart);
  });

  it('creates the chart in firstUpdated on its container and applies the option', async () => {
    const option = { series: [{ type: 'line', data: [1, 2] }] };
    const el = await mount(option);
    expect(fake.init).toHaveBeenCalledOnce();
    const container = el.shadowRoot!.querySelector('.chart');
    expect(fake.init.mock.calls[0][0]).toBe(container);
    expect(fake.chart.setOption).toHaveBeenCalledWith(option, { notMerge: true });
    expect(el.instance).toBe(fake.chart);
    expect(container!.getAttribute('role')).toBe('img');
    expect(container!.getAttribute('aria-label')).toBe('Sales against target');
  });

  it('applies a new option when the property changes', async () => {
    const el = await mount();
    fake.chart.setOption.mockClear();
    const next = { series: [{ type: 'bar', data: [3] }] };
    el.option = next;
    await el.updateComplete;
    expect(fake.chart.setOption).toHaveBeenCalledWith(next, { notMerge: true });
  });

  it('resizes the chart when its ResizeObserver fires', async () => {
    const el = await mount();
    const ro = FakeResizeObserver.instances[0];
    expect(ro.observed).toEqual([el.shadowRoot!.querySelector('.chart')]);
    expect(fake.chart.resize).not.toHaveBeenCalled();
    ro.fire();
    expect(fake.chart.resize).toHaveBeenCalledOnce();
  });

  it('disposes the chart and stops observing when disconnected', async () => {
    const el = await mount();
    el.remove();
    expect(fake.chart.dispose).toHaveBeenCalledOnce();
    expect(FakeResizeObserver.instances[0].disconnected).toBe(true);
    expect(el.instance).toBeNull();
  });

  it('creates the chart again when moved back into the page', async () => {
    const el = await mount();
    el.remove();
    document.body.append(el);
    await el.whenReady();
    expect(fake.init).toHaveBeenCalledTimes(2);
    expect(el.instance).toBe(fake.chart);
  });

  it('re-dispatches clicks on data as a bubbling, composed ns-chart-click', async () => {
    const el = await mount();
    const seen = vi.fn();
    document.body.addEventListener('ns-chart-click', (e) => seen((e as CustomEvent).detail), { once: true });
    fake.handlers.get('click')!({ name: 'F1', dataIndex: 2, seriesId: 'objectives', dataType: 'node', value: [50, 0], data: {} });
    expect(seen).toHaveBeenCalledWith(expect.objectContaining({ name: 'F1', dataIndex: 2, dataType: 'node', value: [50, 0] }));
    expect(el).toBeTruthy();
  });
});
