/** The model file's `voc:` section: its shape (schema) and its references (feed indicators). */
import { describe, expect, it } from 'vitest';
import { modelFileSchema } from '../../server/model/schema.ts';
import { vocSectionIssues } from '../../server/voc/config.ts';

const voc = (over: Record<string, unknown> = {}) => ({
  timezone: 'Asia/Seoul',
  categories: [{ code: 'PRODUCT', name: { ko: '상품', en: 'Product' }, children: [{ code: 'PRODUCT-DEFECT', name: '불량' }] }],
  sla: { complaint: 24 },
  feeds: { received: 'VOC_RECEIVED', slaMet: 'VOC_SLA_RATE' },
  ...over,
});

describe('the voc: section', () => {
  it('accepts the DESIGN.md example and defaults sla and feeds', () => {
    const parsed = modelFileSchema.parse({ voc: { categories: [{ code: 'SERVICE', name: { ko: '서비스', en: 'Service' } }] } });
    expect(parsed.voc).toEqual({ timezone: 'UTC', categories: [{ code: 'SERVICE', name: { ko: '서비스', en: 'Service' } }], sla: {}, feeds: {} });
  });

  it('refuses an unknown time zone, a duplicate category at any depth, an unknown type or feed, a typo', () => {
    const issues = (v: unknown) => {
      const r = modelFileSchema.safeParse({ voc: v });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues(voc({ timezone: 'Asia/Sejong' }))).toEqual([expect.stringContaining('voc.timezone')]);
    expect(issues(voc({ categories: [{ code: 'A', name: 'a', children: [{ code: 'A', name: 'again' }] }] }))).toEqual(['voc.categories.0.children.0.code: duplicate category "A"']);
    expect(issues(voc({ sla: { complaints: 24 } }))[0]).toContain('voc.sla');
    expect(issues(voc({ feeds: { recieved: 'X' } }))[0]).toContain('voc.feeds');
    expect(issues({ ...voc(), timezon: 'UTC' })[0]).toContain('timezon');
  });

  it('feeds name indicators that exist and are entered, not computed', () => {
    const file = modelFileSchema.parse({ indicators: [{ code: 'VOC_SLA_RATE', formula: 'VOC_SLA_MET / VOC_SLA_DUE * 100' }], voc: voc() });
    expect(vocSectionIssues(file, { units: [], perspectives: [], objectives: [], indicators: [] })).toEqual([
      { path: 'voc.feeds.received', message: 'unknown indicator "VOC_RECEIVED"' },
      { path: 'voc.feeds.slaMet', message: expect.stringContaining('computed by a formula') },
    ]);
  });
});
