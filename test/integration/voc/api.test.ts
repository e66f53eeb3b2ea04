/**
 * VOC over HTTP on both databases: imports (idempotent, all or nothing, rows named), the feeds
 * written as measurements (source voc) and their locked months, parents and year-to-date as
 * ratios of sums, the workflow, and privacy (masked customers, text inside the subtree).
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp, type TestClient } from '../../helpers/app.ts';
import { fixturePath, importModelFile } from '../../helpers/model.ts';

const march = () => fs.readFileSync(fixturePath('voc', 'march.csv'), 'utf8');

describe.each(testDatabaseKinds())('VOC (%s)', (kind) => {
  const app = useTestApp(kind);
  let boss: TestClient;
  let lee: TestClient; // contributor of S1
  let vera: TestClient; // viewer of the whole company
  let nam: TestClient; // manager of NORTH

  const upload = (client: TestClient, file: string, name = 'voc.csv') => client.post(`/api/v1/voc/imports?filename=${name}`, file, { 'content-type': 'text/csv' });
  const feeds = async () => {
    const { rows } = await sql<{ indicator: string; unit: string; period: string; value: string; source: string }>`
      select i.code as indicator, u.code as unit, m.period, m.value::float8 as value, m.source from measurement m join indicator i on i.id = m.indicator_id join org_unit u on u.id = m.unit_id
      order by u.code, m.period, i.code`.execute(app.db);
    return Object.fromEntries(rows.map((r) => [`${r.unit} ${r.period} ${r.indicator}`, Number(r.value)]));
  };
  const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(app.db)).rows[0].n);

  beforeEach(async () => {
    await importModelFile(app.db, 'voc.yaml');
    await app.user('boss', [{ role: 'admin', unit: null }]);
    await app.user('lee', [{ role: 'contributor', unit: 'S1' }]);
    await app.user('vera', [{ role: 'viewer', unit: null }]);
    await app.user('nam', [{ role: 'manager', unit: 'NORTH' }]);
    [boss, lee, vera, nam] = await Promise.all([app.signIn('boss'), app.signIn('lee'), app.signIn('vera'), app.signIn('nam')]);
  });

  it('imports a file, writes the feeds as measurements; the same file twice changes nothing', async () => {
    const first = await upload(boss, march());
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 5, created: 5, updated: 0, unchanged: 0, notices: [] });
    const written = await feeds();
    expect(written).toMatchObject({
      'S1 2026-03 VOC_RECEIVED': 3,
      'S1 2026-03 VOC_COMPLAINTS': 3,
      'S1 2026-03 VOC_SLA_DUE': 3,
      'S1 2026-03 VOC_SLA_MET': 1,
      'S1 2026-03 VOC_RESOLVED': 2,
      'S1 2026-03 VOC_RESOLUTION_HOURS': 58.5,
      'S1 2026-03 VOC_REPEATS': 1,
      'S2 2026-03 VOC_SLA_DUE': 1,
      'S3 2026-03 VOC_RESOLVED': 1,
      'S3 2026-03 VOC_SLA_DUE': 0,
    });
    const { rows } = await sql<{ source: string }>`select distinct source from measurement`.execute(app.db);
    expect(rows.map((r) => r.source)).toEqual(['voc']);
    const revisions = await count('measurement_revision');
    const history = await count('voc_status_history');

    const again = await upload(boss, march());
    expect(again.body).toMatchObject({ rows: 5, created: 0, updated: 0, unchanged: 5 });
    expect(await feeds()).toEqual(written);
    expect([await count('measurement_revision'), await count('voc_status_history')]).toEqual([revisions, history]);
  });

  it('a file with one unknown category changes nothing and names the row', async () => {
    const bad = march().replace('V3,2026-03-15 09:00,app,inquiry,PARKING', 'V3,2026-03-15 09:00,app,inquiry,PARKNG');
    const res = await upload(boss, bad);
    expect(res.status).toBe(422);
    expect(res.body.error.details.rows).toEqual([expect.objectContaining({ row: 4, field: 'category', reason: expect.stringContaining('PARKNG') })]);
    expect([await count('voc_record'), await count('measurement')]).toEqual([0, 0]);
  });

  it('duplicate ids in a file are named by row (found in the staging table); text with tabs, quotes, backslashes and new lines is stored exactly', async () => {
    const duplicated = `${march()}V2,2026-03-11 10:00,store,complaint,SERVICE,S2,normal,,again,received,,,,,\nV6,2026-03-11 10:00,store,inquiry,SERVICE,S2,normal,,ok,received,,,,,\nV2,2026-03-12 10:00,store,inquiry,SERVICE,S2,normal,,third,received,,,,,\n`;
    const res = await upload(boss, duplicated);
    expect(res.status).toBe(422);
    expect(res.body.error.details.rows.map((r: any) => `${r.row}:${r.field}:${r.code}:${r.reason}`)).toEqual(['7:id:duplicate_id:the same id as row 3', '9:id:duplicate_id:the same id as row 3']);
    expect([await count('voc_record'), await count('voc_status_history'), await count('measurement')]).toEqual([0, 0, 0]);

    const text = 'tab\there "quoted" back\\slash \\N\nsecond line\r\n끝';
    // 251 records: more than a small write, so they are staged with COPY (a small one inserts).
    const filler = Array.from({ length: 250 }, (_, i) => ({ id: `F${i}`, receivedAt: '2026-02-05T10:00:00+09:00', type: 'inquiry', category: 'SERVICE', unit: 'S3', text: `t${i}\t\\` }));
    const ok = await boss.post('/api/v1/voc', { records: [{ id: 'T\\1', receivedAt: '2026-03-05T10:00:00+09:00', type: 'inquiry', category: 'SERVICE', unit: 'S1', text, customer: '\\N' }, ...filler] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ created: 251 });
    expect((await sql<{ text: string }>`select text from voc_record where id = 'F7'`.execute(app.db)).rows[0].text).toBe('t7\t\\');
    const { rows } = await sql<{ id: string; text: string; customer: string }>`select id, text, customer from voc_record where id not like 'F%'`.execute(app.db);
    expect(rows).toEqual([{ id: 'T\\1', text: text.trim(), customer: '\\N' }]);
    // Moving a record to another unit rewrites the feeds of both cells (the old one from the stage's old_ columns).
    const moved = await boss.post('/api/v1/voc', { records: [{ id: 'T\\1', receivedAt: '2026-03-05T10:00:00+09:00', type: 'inquiry', category: 'SERVICE', unit: 'S2' }] });
    expect(moved.body).toMatchObject({ created: 0, updated: 1 });
    expect(await feeds()).toMatchObject({ 'S1 2026-03 VOC_RECEIVED': 0, 'S2 2026-03 VOC_RECEIVED': 1 });
    expect(await count('voc_status_history')).toBe(251);
  });

  it('the JSON batch: per-row errors name row and field; the month of 23:30 in Seoul on the last day given in UTC', async () => {
    const bad = await boss.post('/api/v1/voc', { records: [{ id: 'A', receivedAt: '2026-03-31T14:30:00Z', type: 'complaint', category: 'SERVICE', unit: 'S1' }, { id: 'B', receivedAt: 'yesterday', type: 'moan', category: 'SERVICE', unit: 'S9' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.rows.map((r: any) => [r.row, r.field])).toEqual([
      [2, 'received_at'],
      [2, 'type'],
      [2, 'unit'],
    ]);
    expect(await count('voc_record')).toBe(0);
    const ok = await boss.post('/api/v1/voc', { records: [{ id: 'A', receivedAt: '2026-03-31T14:30:00Z', type: 'complaint', category: 'SERVICE', unit: 'S1' }] });
    expect(ok.body).toMatchObject({ created: 1 });
    expect((await feeds())['S1 2026-03 VOC_RECEIVED']).toBe(1);
    expect((await feeds())['S1 2026-04 VOC_RECEIVED']).toBeUndefined();
    // A VOC taken at the counter: Northstar gives the id and the time of receipt.
    const counter = await lee.post('/api/v1/voc', { records: [{ channel: 'store', type: 'complaint', category: 'PARKING', unit: 'S1', text: '주차 정산기 고장' }] });
    expect(counter.status).toBe(200);
    expect(counter.body.ids[0]).toMatch(/^VOC-\d{8}-[0-9A-F]{6}$/);
    const taken = await lee.get(`/api/v1/voc/${counter.body.ids[0]}`);
    expect(taken.body).toMatchObject({ status: 'received', channel: 'store', text: '주차 정산기 고장', deadline: expect.any(String), overdue: false });
    expect((await vera.post('/api/v1/voc', { records: [{ type: 'complaint', category: 'PARKING', unit: 'S1' }] })).status).toBe(403);
  });

  it('a VOC resolved after its month was locked leaves the locked measurement alone and says so', async () => {
    await upload(boss, march());
    const s2 = (await sql<{ id: number }>`select id from org_unit where code = 'S2'`.execute(app.db)).rows[0].id;
    await sql`insert into period_lock (unit_id, period) values (${s2}, '2026-03')`.execute(app.db);
    const before = await feeds();
    const res = await boss.post('/api/v1/voc/V3/transition', { to: 'resolved', resolution: '안내 완료' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('resolved');
    expect(res.body.notices.join(' ')).toContain('S2 2026-03');
    expect(await feeds()).toEqual(before);
    // A file that resolves it says the same.
    const file = await upload(boss, march().replace('V3,2026-03-15 09:00,app,inquiry,PARKING,S2,low,,주차 시간 문의,received,,,,,', 'V3,2026-03-15 09:00,app,inquiry,PARKING,S2,low,,주차 시간 문의,closed,,2026-03-16 09:00,안내,,'));
    expect(file.body.feeds.locked).toEqual([{ unit: 'S2', period: '2026-03' }]);
    expect(file.body.notices[0]).toContain('S2 2026-03');
  });

  it('parents and year-to-date are ratios of sums', async () => {
    await upload(boss, march());
    await boss.post('/api/v1/voc', {
      records: [
        { id: 'F1', receivedAt: '2026-02-03 10:00', type: 'complaint', category: 'PARKING', unit: 'S2', status: 'resolved', resolvedAt: '2026-02-03 12:00', rootCause: 'facility' },
        { id: 'F2', receivedAt: '2026-02-04 10:00', type: 'complaint', category: 'PARKING', unit: 'S2', status: 'resolved', resolvedAt: '2026-02-04 11:00', rootCause: 'facility' },
      ],
    });
    const card = async (unit: string, window: string) => {
      const res = await boss.get(`/api/v1/scorecards/${unit}?period=2026-03&window=${window}`);
      expect(res.status).toBe(200);
      return res.body.perspectives[0].objectives[0].indicators.find((i: any) => i.code === 'VOC_SLA_RATE').actual;
    };
    // NORTH in March: S1 1 met of 3 due, S2 0 of 1 → 1/4 = 25 (not the mean of 33.3 and 0).
    expect(await card('NORTH', 'month')).toBeCloseTo(25, 5);
    // Year to date: February adds S2 2 of 2 → 3/6 = 50.
    expect(await card('NORTH', 'ytd')).toBeCloseTo(50, 5);
  });

  it('the scorecard names the VOC feed behind a formula over feeds (vocFeed), for a drill from its row', async () => {
    const res = await vera.get('/api/v1/scorecards/NORTH?period=2026-03&window=month');
    expect(res.status).toBe(200);
    const indicators = res.body.perspectives.flatMap((p: any) => p.objectives.flatMap((o: any) => o.indicators));
    expect(indicators.find((i: any) => i.code === 'VOC_SLA_RATE')).toMatchObject({ vocFeed: 'slaDue' });
    expect(indicators.filter((i: any) => i.vocFeed).map((i: any) => i.code)).toEqual(['VOC_SLA_RATE']);
  });

  it('the workflow: assign, resolve with resolution and root cause, close, reopen; history kept; illegal moves refused', async () => {
    await upload(boss, march());
    const illegal = await lee.post('/api/v1/voc/V5/transition', { to: 'closed' });
    expect(illegal.status).toBe(409);
    const stranger = await lee.post('/api/v1/voc/V5/transition', { to: 'assigned', assignee: 'vera' });
    expect(stranger.status).toBe(422);
    const assigned = await nam.post('/api/v1/voc/V5/transition', { to: 'assigned', assignee: 'lee' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', assignee: 'lee', overdue: true });
    const inbox = await lee.get('/api/v1/me/notifications');
    expect(JSON.stringify(inbox.body)).toContain('V5');
    const noCause = await lee.post('/api/v1/voc/V5/transition', { to: 'resolved', resolution: '재교육' });
    expect(noCause.status).toBe(422);
    expect(noCause.body.error.details.rows[0].field).toBe('rootCause');
    const resolved = await lee.post('/api/v1/voc/V5/transition', { to: 'resolved', resolution: '재교육', rootCause: 'people' });
    expect(resolved.body).toMatchObject({ status: 'resolved', rootCause: 'people', overdue: false, hoursLeft: null });
    expect((await feeds())['S1 2026-03 VOC_RESOLVED']).toBe(3);
    await lee.post('/api/v1/voc/V5/transition', { to: 'closed' });
    const reopened = await lee.post('/api/v1/voc/V5/transition', { to: 'in_progress', note: '고객 재문의' });
    expect(reopened.body).toMatchObject({ status: 'in_progress', resolvedAt: null });
    expect((await feeds())['S1 2026-03 VOC_RESOLVED']).toBe(2);
    const detail = await lee.get('/api/v1/voc/V5');
    expect(detail.body.history.map((h: any) => [h.from, h.to])).toEqual([
      [null, 'in_progress'],
      ['in_progress', 'assigned'],
      ['assigned', 'resolved'],
      ['resolved', 'closed'],
      ['closed', 'in_progress'],
    ]);
    expect(detail.body.history[1].by).toBe('nam');
    const viewerTry = await vera.post('/api/v1/voc/V5/transition', { to: 'resolved', resolution: 'x', rootCause: 'people' });
    expect(viewerTry.status).toBe(403);
  });

  it('privacy: customers masked except for resolvers, text only inside the responsible subtree; lists scoped', async () => {
    await upload(boss, march());
    const asVera = await vera.get('/api/v1/voc?unit=CO');
    expect(asVera.body.total).toBe(5);
    const v1 = asVera.body.items.find((i: any) => i.id === 'V1');
    expect(v1).toMatchObject({ customer: 'C-****1234', text: null });
    const asLee = await lee.get('/api/v1/voc');
    expect(asLee.body.items.map((i: any) => i.id).sort()).toEqual(['V1', 'V2', 'V5']);
    expect(asLee.body.items.find((i: any) => i.id === 'V1')).toMatchObject({ customer: 'CUST00011234', text: '우유가 상했어요' });
    expect((await lee.get('/api/v1/voc/V3')).status).toBe(404);
    expect((await lee.get('/api/v1/voc?unit=S2')).status).toBe(403);
    const summary = await vera.get('/api/v1/voc/summary?unit=CO&from=2026-01&to=2026-12');
    expect(summary.body.months).toEqual([expect.objectContaining({ period: '2026-03', received: 5, byType: { complaint: 3, inquiry: 1, suggestion: 0, praise: 1 } })]);
    expect(summary.body.categories[0]).toMatchObject({ code: 'SERVICE', count: 2, cumulativeShare: expect.any(Number) });
    // The drill from a feed measurement: exactly the records it counts.
    const drill = await vera.get('/api/v1/voc?unit=NORTH&feed=slaDue&period=2026-03');
    expect(drill.body.items.map((i: any) => i.id).sort()).toEqual(['V1', 'V2', 'V3', 'V5']);
    const met = await vera.get('/api/v1/voc?unit=S1&feed=slaMet&period=2026-03');
    expect(met.body.items.map((i: any) => i.id)).toEqual(['V1']);
    // Searching text finds nothing where the reader may not read it.
    expect((await vera.get('/api/v1/voc?q=' + encodeURIComponent('불친절'))).body.total).toBe(0);
    expect((await lee.get('/api/v1/voc?q=' + encodeURIComponent('불친절'))).body.total).toBe(2);
    // The measurement export follows the reader's units too.
    const exported = await lee.get('/api/v1/measurements/export?format=json&indicator=VOC_RECEIVED');
    expect(exported.body.rows).toEqual([{ indicator: 'VOC_RECEIVED', unit: 'S1', period: '2026-03', value: 3, source: 'voc', note: null }]);
    const csv = await vera.get('/api/v1/measurements/export?indicator=VOC_RECEIVED&from=2026-03&to=2026-03');
    expect(csv.text.replace('\uFEFF', '').split('\r\n').slice(0, 2)).toEqual(['indicator,unit,period,value,source,note', 'VOC_RECEIVED,S1,2026-03,3,voc,']);
  });
});
