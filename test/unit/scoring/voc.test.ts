import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, computeFeeds, feedContribution, hoursLeft, isRepeat, maskCustomer, parseVocTime, slaDeadline, vocDrillFeed, vocMonth, VOC_FEED_KEYS, type VocFeedRecord } from '../../../server/scoring/voc.ts';

const SEOUL = 'Asia/Seoul';
const sla = { complaint: 24, inquiry: 48 };
const at = (iso: string) => new Date(iso);
const record = (over: Partial<VocFeedRecord & { unit: string }> = {}): VocFeedRecord & { unit: string } => ({
  id: 'V1',
  unit: 'S1',
  receivedAt: at('2026-03-10T01:00:00Z'),
  type: 'complaint',
  category: 'SERVICE',
  customer: null,
  resolvedAt: null,
  repeatOf: null,
  ...over,
});

describe('the month a VOC counts in (voc.timezone)', () => {
  it('23:30 on the last day of March in Seoul, given in UTC (14:30Z), counts in March', () => {
    expect(vocMonth(at('2026-03-31T14:30:00Z'), SEOUL)).toBe('2026-03');
    expect(vocMonth(at('2026-03-31T14:30:00Z'), 'UTC')).toBe('2026-03');
  });
  it('00:30 on 1 April in Seoul is 15:30Z on 31 March: April in Seoul, March in UTC', () => {
    expect(vocMonth(at('2026-03-31T15:30:00Z'), SEOUL)).toBe('2026-04');
    expect(vocMonth(at('2026-03-31T15:30:00Z'), 'UTC')).toBe('2026-03');
  });
  it('a year boundary: 31 December 23:59 in Seoul stays in December', () => {
    expect(vocMonth(at('2025-12-31T14:59:00Z'), SEOUL)).toBe('2025-12');
    expect(vocMonth(at('2025-12-31T15:00:00Z'), SEOUL)).toBe('2026-01');
  });
  it('received_at without an offset is the wall clock in the zone; with one it is that instant', () => {
    expect(parseVocTime('2026-03-31 23:30', SEOUL)?.toISOString()).toBe('2026-03-31T14:30:00.000Z');
    expect(parseVocTime('2026-03-31T23:30:00+09:00', 'UTC')?.toISOString()).toBe('2026-03-31T14:30:00.000Z');
    expect(parseVocTime('2026-03-31T14:30:00Z', SEOUL)?.toISOString()).toBe('2026-03-31T14:30:00.000Z');
    expect(parseVocTime('2026-11-01 12:00', 'America/New_York')?.toISOString()).toBe('2026-11-01T17:00:00.000Z'); // after the DST change
    expect(parseVocTime('2026-03-08 02:30', 'America/New_York')).not.toBeNull(); // a wall clock skipped by DST still gives a time
    expect(parseVocTime('2026-02-30 10:00', SEOUL)).toBeNull();
    expect(parseVocTime('yesterday', SEOUL)).toBeNull();
  });
});

describe('SLA', () => {
  const received = at('2026-03-10T01:00:00Z');
  it('the deadline is receipt plus the hours of the type; no SLA for types not listed', () => {
    expect(slaDeadline(received, 'complaint', sla)?.toISOString()).toBe('2026-03-11T01:00:00.000Z');
    expect(slaDeadline(received, 'praise', sla)).toBeNull();
  });
  it('resolved within the SLA: due and met', () => {
    const c = feedContribution({ ...record({ receivedAt: received, resolvedAt: at('2026-03-10T11:30:00Z') }), repeat: false }, sla, at('2026-06-01T00:00:00Z'));
    expect(c).toMatchObject({ received: 1, complaints: 1, slaDue: 1, slaMet: 1, resolved: 1, resolutionHours: 10.5 });
  });
  it('resolved late: due, not met', () => {
    const c = feedContribution({ ...record({ resolvedAt: at('2026-03-12T01:00:00Z') }), repeat: false }, sla, at('2026-06-01T00:00:00Z'));
    expect(c).toMatchObject({ slaDue: 1, slaMet: 0, resolved: 1, resolutionHours: 48 });
  });
  it('open before its deadline: in neither; open after it: due, not met', () => {
    const open = { ...record(), repeat: false };
    expect(feedContribution(open, sla, at('2026-03-10T20:00:00Z'))).toMatchObject({ slaDue: 0, slaMet: 0, resolved: 0 });
    expect(feedContribution(open, sla, at('2026-03-11T01:00:01Z'))).toMatchObject({ slaDue: 1, slaMet: 0, resolved: 0 });
  });
  it('praise and suggestions are outside the SLA counts unless sla lists them', () => {
    const praise = { ...record({ type: 'praise', resolvedAt: at('2026-03-20T00:00:00Z') }), repeat: false };
    expect(feedContribution(praise, sla, at('2026-06-01T00:00:00Z'))).toMatchObject({ received: 1, complaints: 0, slaDue: 0, slaMet: 0, resolved: 1 });
    expect(feedContribution(praise, { ...sla, praise: 720 }, at('2026-06-01T00:00:00Z'))).toMatchObject({ slaDue: 1, slaMet: 1 });
    const suggestion = { ...record({ type: 'suggestion' }), repeat: false };
    expect(feedContribution(suggestion, sla, at('2027-01-01T00:00:00Z'))).toMatchObject({ slaDue: 0, slaMet: 0 });
  });
  it('hours left count down and turn negative once past; none once resolved', () => {
    const deadline = at('2026-03-11T01:00:00Z');
    expect(hoursLeft(deadline, null, at('2026-03-10T19:00:00Z'))).toBe(6);
    expect(hoursLeft(deadline, null, at('2026-03-11T04:00:00Z'))).toBe(-3);
    expect(hoursLeft(deadline, at('2026-03-10T02:00:00Z'), at('2026-03-11T04:00:00Z'))).toBeNull();
  });
});

describe('repeats', () => {
  const first = record({ id: 'A', customer: 'C1', receivedAt: at('2026-03-01T00:00:00Z') });
  it('by repeat_of', () => {
    expect(isRepeat(record({ id: 'B', repeatOf: 'A' }), [])).toBe(true);
  });
  it('by the same customer and category within the previous 30 days', () => {
    const again = record({ id: 'B', customer: 'C1', receivedAt: at('2026-03-30T00:00:00Z') });
    expect(isRepeat(again, [first, again])).toBe(true);
    expect(isRepeat(first, [first, again])).toBe(false);
  });
  it('not after 30 days, not in another category, not for another customer, not for an inquiry', () => {
    const late = record({ id: 'B', customer: 'C1', receivedAt: at('2026-03-31T00:00:01Z') });
    expect(isRepeat(late, [first, late])).toBe(false);
    expect(isRepeat(record({ id: 'B', customer: 'C1', category: 'PARKING', receivedAt: at('2026-03-05T00:00:00Z') }), [first])).toBe(false);
    expect(isRepeat(record({ id: 'B', customer: 'C2', receivedAt: at('2026-03-05T00:00:00Z') }), [first])).toBe(false);
    expect(isRepeat(record({ id: 'B', customer: 'C1', type: 'inquiry', receivedAt: at('2026-03-05T00:00:00Z') }), [first])).toBe(false);
  });
});

describe('feeds by unit and month', () => {
  it('a worked example: three complaints of one store, one inquiry of another', () => {
    const now = at('2026-06-01T00:00:00Z');
    const feeds = computeFeeds(
      [
        record({ id: 'V1', customer: 'K', category: 'DEFECT', receivedAt: at('2026-03-31T14:30:00Z'), resolvedAt: at('2026-04-01T01:00:00Z') }),
        record({ id: 'V2', customer: 'K', receivedAt: at('2026-03-10T01:00:00Z'), resolvedAt: at('2026-03-12T01:00:00Z') }),
        record({ id: 'V5', customer: 'K', receivedAt: at('2026-03-25T09:00:00Z') }),
        record({ id: 'V3', unit: 'S2', type: 'inquiry', receivedAt: at('2026-03-15T00:00:00Z') }),
      ],
      { timezone: SEOUL, sla },
      now,
    );
    expect(feeds.get('S1|2026-03')).toEqual({ received: 3, complaints: 3, slaDue: 3, slaMet: 1, resolved: 2, resolutionHours: 58.5, repeats: 1 });
    expect(feeds.get('S2|2026-03')).toEqual({ received: 1, complaints: 0, slaDue: 1, slaMet: 0, resolved: 0, resolutionHours: 0, repeats: 0 });
  });

  const arbitraryRecord = fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    unit: fc.constantFrom('S1', 'S2'),
    receivedAt: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }).map((t) => new Date(t)),
    type: fc.constantFrom('complaint', 'inquiry', 'suggestion', 'praise'),
    category: fc.constantFrom('A', 'B'),
    customer: fc.option(fc.constantFrom('C1', 'C2', 'C3'), { nil: null }),
    resolveAfterHours: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    repeatOf: fc.option(fc.constant('X'), { nil: null, freq: 5 }),
  });
  type Arbitrary = Omit<VocFeedRecord, 'resolvedAt'> & { unit: string; resolveAfterHours: number | null };
  const toRecords = (list: Arbitrary[]): (VocFeedRecord & { unit: string })[] =>
    list.map((r, i) => ({ ...r, id: `${r.id}${i}`, resolvedAt: r.resolveAfterHours === null ? null : new Date(r.receivedAt.getTime() + r.resolveAfterHours * 3_600_000) }));

  it('properties: met ≤ due ≤ received, resolved ≤ received, repeats ≤ complaints ≤ received, every record counted once', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { maxLength: 40 }), fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 1, 1) }), (list, now) => {
        const records = toRecords(list);
        const feeds = computeFeeds(records, { timezone: SEOUL, sla }, new Date(now));
        let total = 0;
        for (const f of feeds.values()) {
          expect(f.slaMet).toBeLessThanOrEqual(f.slaDue);
          expect(f.slaDue).toBeLessThanOrEqual(f.received);
          expect(f.resolved).toBeLessThanOrEqual(f.received);
          expect(f.repeats).toBeLessThanOrEqual(f.complaints);
          expect(f.complaints).toBeLessThanOrEqual(f.received);
          expect(f.resolutionHours).toBeGreaterThanOrEqual(0);
          total += f.received;
        }
        expect(total).toBe(records.length);
      }),
    );
  });

  it('properties: time only moves records into slaDue (an open record never leaves it), and slaMet never changes with time', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { maxLength: 30 }), fc.integer({ min: 0, max: 400 }), (list, laterHours) => {
        const records = toRecords(list);
        const t1 = new Date(Date.UTC(2026, 6, 1));
        const t2 = new Date(t1.getTime() + laterHours * 3_600_000);
        const a = computeFeeds(records, { timezone: SEOUL, sla }, t1);
        const b = computeFeeds(records, { timezone: SEOUL, sla }, t2);
        for (const [key, f] of a) {
          expect(b.get(key)!.slaDue).toBeGreaterThanOrEqual(f.slaDue);
          expect(b.get(key)!.slaMet).toBe(f.slaMet);
          for (const k of VOC_FEED_KEYS) if (k !== 'slaDue') expect(b.get(key)![k]).toBe(f[k]);
        }
      }),
    );
  });

  it('properties: the month in Seoul is the UTC month of the instant nine hours later', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (t) => {
        expect(vocMonth(new Date(t), SEOUL)).toBe(new Date(t + 9 * 3_600_000).toISOString().slice(0, 7));
      }),
    );
  });
});

describe('workflow and privacy helpers', () => {
  it('the transitions of DESIGN.md §3, reopen included', () => {
    expect(canTransition('received', 'assigned')).toBe(true);
    expect(canTransition('assigned', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'resolved')).toBe(true);
    expect(canTransition('resolved', 'closed')).toBe(true);
    expect(canTransition('closed', 'in_progress')).toBe(true);
    expect(canTransition('resolved', 'in_progress')).toBe(true);
    expect(canTransition('received', 'closed')).toBe(false);
    expect(canTransition('closed', 'resolved')).toBe(false);
  });
  it('customer ids are masked to their last four characters', () => {
    expect(maskCustomer('CUST00011234')).toBe('C-****1234');
    expect(maskCustomer('123')).toBe('C-****');
    expect(maskCustomer(null)).toBeNull();
  });
});

describe('the feed behind an indicator (scorecard drill)', () => {
  const feeds = { received: 'VOC_RECEIVED', slaDue: 'VOC_SLA_DUE', slaMet: 'VOC_SLA_MET', resolved: 'VOC_RESOLVED', resolutionHours: 'VOC_RESOLUTION_HOURS' };
  it('a feed itself, a rate by its denominator, else the first feed named, else none', () => {
    expect(vocDrillFeed('VOC_SLA_MET', null, feeds)).toBe('slaMet');
    expect(vocDrillFeed('VOC_RESOLVED_24H', 'VOC_SLA_MET / VOC_SLA_DUE * 100', feeds)).toBe('slaDue');
    expect(vocDrillFeed('AVG_HOURS', 'VOC_RESOLUTION_HOURS / (VOC_RESOLVED)', feeds)).toBe('resolved');
    expect(vocDrillFeed('PER_1000', 'VOC_RECEIVED * 1000 / VISITORS', feeds)).toBe('received');
    expect(vocDrillFeed('SALES', null, feeds)).toBeNull();
    expect(vocDrillFeed('MARGIN', 'PROFIT / SALES * 100', feeds)).toBeNull();
    expect(vocDrillFeed('VOC_SLA_MET', null, {})).toBeNull();
  });
});
