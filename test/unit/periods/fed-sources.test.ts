import { describe, expect, it } from 'vitest';
import { isFedSource } from '../../../server/periods/service.ts';

describe('fed values in the entry grid', () => {
  it('treats survey, job, file and VOC feeds as fed (read-only), and typed or uploaded values as entered', () => {
    for (const source of ['survey:CSI-2026', 'job:crm', 'file:drop.csv', 'voc']) expect(isFedSource(source), source).toBe(true);
    for (const source of ['entry', 'upload:march.csv', 'api', 'vocabulary', null, undefined]) expect(isFedSource(source), String(source)).toBe(false);
  });
});
