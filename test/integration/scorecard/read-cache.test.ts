import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import fs from 'node:fs';
import { fixturePath, importModelFile, measure, testActor } from '../../helpers/model.ts';
import { importModel, parseModelText } from '../../../server/model/service.ts';
import { transition } from '../../../server/periods/service.ts';
import { createApp } from '../../../server/app.ts';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.ts';
import { readDataVersion } from '../../../server/db/data-version.ts';
import { createLogger } from '../../../server/logger.ts';
import { createMetrics } from '../../../server/http/metrics.ts';
import { loadConfig } from '../../../server/config.ts';
import type { ReadCache } from '../../../server/http/read-cache.ts';
import { upsertTargets } from '../../../server/model/repository.ts';
import { lockMeasurementWrites, refreshTargetRollups } from '../../../server/rollup/service.ts';
import { DATA_VERSION_TABLES } from '../../../migrations/0015_data_version.ts';

/** A raw GET (no automatic decompression): status, headers and the bytes as sent. */
function rawGet(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const revOf = (card: any) => card.perspectives.find((p: any) => p.code === 'financial').objectives[0].indicators[0].actual;

describe.each(testDatabaseKinds())('read cache (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await importModelFile(app.db, 'org-tree.yaml');
    await measure(app.db, [
      ['REV', 'E1', '2026-01', 100], ['REV', 'E2', '2026-01', 300], ['REV', 'W1', '2026-01', 600],
      ['REV', 'E1', '2026-02', 120], ['REV', 'E2', '2026-02', 280], ['REV', 'W1', '2026-02', 650],
    ]);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    await app.user('east', [{ role: 'contributor', unit: 'EAST' }]);
  });
  const card = '/api/v1/scorecards/HQ?period=2026-02&window=month';

  it('when a scorecard is read twice, then the second comes from the cache with the same ETag, and If-None-Match gets a 304 without a body', async () => {
    const boss = await app.signIn('boss');
    const first = await boss.get(card);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-northstar-cache')).toBe('miss');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const second = await boss.get(card);
    expect(second.headers.get('x-northstar-cache')).toBe('hit');
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.body).toEqual(first.body);

    const raw = await rawGet(app.url, card, { cookie: boss.headers.cookie, 'if-none-match': `W/${etag}, "other"` });
    expect(raw.status).toBe(304);
    expect(raw.body.length).toBe(0);
    expect(raw.headers['content-length'] ?? '0').toBe('0');
    expect(raw.headers.etag).toBe(etag);
  });

  it('when the client accepts br or gzip, then the cached body is sent compressed and decompresses to the same card', async () => {
    const boss = await app.signIn('boss');
    const plain = await rawGet(app.url, card, { cookie: boss.headers.cookie });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    const br = await rawGet(app.url, card, { cookie: boss.headers.cookie, 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gz = await rawGet(app.url, card, { cookie: boss.headers.cookie, 'accept-encoding': 'gzip;q=1, br;q=0.5' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.headers.etag).toBe(plain.headers.etag);
  });

  it('when a measurement is written through the API, then the very next read reflects it (never stale)', async () => {
    const boss = await app.signIn('boss');
    expect(revOf((await boss.get(card)).body)).toBe(1050);
    expect((await boss.get(card)).headers.get('x-northstar-cache')).toBe('hit');
    const before = await readDataVersion(app.db);
    const write = await boss.post('/api/v1/measurements', { rows: [{ indicator: 'REV', unit: 'E1', period: '2026-02', value: 220 }] });
    expect(write.status).toBe(200);
    expect(await readDataVersion(app.db)).toBeGreaterThan(before);
    const after = await boss.get(card);
    expect(after.headers.get('x-northstar-cache')).toBe('miss');
    expect(revOf(after.body)).toBe(1150);
  });

  it('when a caller may not read a unit, then its cached card is refused before the cache, ETag or not; the heatmap is keyed by what the caller may see', async () => {
    const boss = await app.signIn('boss');
    const east = await app.signIn('east');
    const cached = await boss.get(card);
    expect((await boss.get(card)).headers.get('x-northstar-cache')).toBe('hit');
    const refused = await east.get(card);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toMatch(/WEST|W1/);
    const probing = await rawGet(app.url, card, { cookie: east.headers.cookie, 'if-none-match': cached.headers.get('etag')! });
    expect(probing.status).toBe(403);
    expect(probing.headers.etag).not.toBe(cached.headers.get('etag'));
    expect(probing.body.toString()).not.toMatch(/WEST|W1/);

    const heat = '/api/v1/heatmap/EAST?period=2026-02&window=month';
    const bossHeat = await boss.get(heat);
    const eastHeat = await east.get(heat);
    expect(eastHeat.status).toBe(200);
    expect(eastHeat.headers.get('x-northstar-cache')).toBe('miss'); // not the boss's entry
    expect(eastHeat.body.rows.map((r: any) => r.unit)).toEqual(bossHeat.body.rows.map((r: any) => r.unit));
  });

  it('when any table the reads are built from is written, the version moves once per transaction; a rolled-back write leaves it', async () => {
    for (const table of DATA_VERSION_TABLES) {
      const before = await readDataVersion(app.db);
      await app.db.transaction().execute(async (trx) => {
        await sql`delete from ${sql.table(table)} where false`.execute(trx);
        await sql`delete from ${sql.table(table)} where false`.execute(trx);
      });
      expect({ table, delta: (await readDataVersion(app.db)) - before }).toEqual({ table, delta: 1 });
    }
    const before = await readDataVersion(app.db);
    await app.db
      .transaction()
      .execute(async (trx) => {
        await sql`update measurement set value = value + 1`.execute(trx);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await readDataVersion(app.db)).toBe(before);
  });

  it('when targets, locks or the model change, then the cached card is recomputed', async () => {
    const boss = await app.signIn('boss');
    const one = await boss.get(card);
    await boss.get(card);
    await app.db.transaction().execute(async (trx) => {
      const ids = await sql<{ i: number; u: number }>`select (select id from indicator where code = 'REV') as i, (select id from org_unit where code = 'HQ') as u`.execute(trx);
      const { i, u } = ids.rows[0];
      await lockMeasurementWrites(trx);
      await upsertTargets(trx, [{ indicatorId: i, unitId: u, period: '2026-02', target: 2000, baseline: null, stretch: null, redFlag: null, updatedBy: null }]);
      await refreshTargetRollups(trx, [{ indicatorId: i, unitId: u, period: '2026-02' }]);
    });
    const two = await boss.get(card);
    expect(two.headers.get('x-northstar-cache')).toBe('miss');
    expect(two.headers.get('etag')).not.toBe(one.headers.get('etag'));
    const rev = two.body.perspectives.find((p: any) => p.code === 'financial').objectives[0].indicators[0];
    expect(rev.target).toBe(2000);
    await boss.get(card);
    const beforeLock = await readDataVersion(app.db);
    await app.db.transaction().execute((trx) => transition(trx, testActor, 'E1', '2026-02', 'lock', 'closing'));
    expect(await readDataVersion(app.db)).toBeGreaterThan(beforeLock);
    expect((await boss.get(card)).headers.get('x-northstar-cache')).toBe('miss');
    await importModelFile(app.db, 'org-tree.yaml'); // unchanged: nothing written, the entry stays good
    expect((await boss.get(card)).headers.get('x-northstar-cache')).toBe('hit');
    const renamed = fs.readFileSync(fixturePath('model', 'org-tree.yaml'), 'utf8').replace('name: Revenue }', 'name: Sales revenue }');
    await app.db.transaction().execute((trx) => importModel(trx, testActor, parseModelText(renamed)));
    const three = await boss.get(card);
    expect(three.headers.get('x-northstar-cache')).toBe('miss');
    expect(three.body.perspectives.find((p: any) => p.code === 'financial').objectives[0].name).toBe('Sales revenue');
  });
});

describe.skipIf(!testDatabaseKinds().includes('postgres'))('read cache across two server instances on one PostgreSQL', () => {
  const app = useTestApp('postgres');
  let second: { handle: DatabaseHandle; server: http.Server; url: string; cache: ReadCache } | null = null;
  beforeEach(async () => {
    await importModelFile(app.db, 'org-tree.yaml');
    await measure(app.db, [['REV', 'E1', '2026-02', 120], ['REV', 'E2', '2026-02', 280], ['REV', 'W1', '2026-02', 650]]);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    if (!second) {
      const handle = await openDatabase({ url: app.handle.url!, dataDir: '' });
      const expressApp = createApp({ db: handle.db, dbKind: 'postgres', config: { ...loadConfig({}), dataDir: '/nonexistent' }, logger: createLogger('silent'), metrics: createMetrics(), listen: handle.listen });
      const server = http.createServer(expressApp);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      second = { handle, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, cache: expressApp.locals.readCache };
    }
  });
  afterAll(async () => {
    if (!second) return;
    second.server.closeAllConnections();
    await new Promise((resolve) => second!.server.close(resolve));
    await second.handle.close();
  });
  const card = '/api/v1/scorecards/HQ?period=2026-02&window=month';

  it('when one instance takes a write, then the other serves the new card on the next read and has dropped the old entry on NOTIFY', async () => {
    const boss = await app.signIn('boss');
    const onB = async () => {
      const res = await rawGet(second!.url, card, { cookie: boss.headers.cookie });
      return { cache: res.headers['x-northstar-cache'], card: JSON.parse(res.body.toString()) };
    };
    expect(revOf((await onB()).card)).toBe(1050);
    expect((await onB()).cache).toBe('hit');
    expect(second!.cache.getStats().entries).toBe(1);

    const write = await boss.post('/api/v1/measurements', { rows: [{ indicator: 'REV', unit: 'W1', period: '2026-02', value: 700 }] });
    expect(write.status).toBe(200);
    const version = await readDataVersion(app.db);
    // the notification arrives on its own, without a read on B
    for (let i = 0; i < 100 && second!.cache.getStats().version < version; i++) await new Promise((r) => setTimeout(r, 20));
    expect(second!.cache.getStats()).toMatchObject({ version, entries: 0 });
    const after = await onB();
    expect(after.cache).toBe('miss');
    expect(revOf(after.card)).toBe(1100);
  });

  it('when a write lands on the second instance, then the first instance never serves its stale entry', async () => {
    const boss = await app.signIn('boss');
    expect(revOf((await boss.get(card)).body)).toBe(1050);
    expect((await boss.get(card)).headers.get('x-northstar-cache')).toBe('hit');
    const res = await fetch(`${second!.url}/api/v1/measurements`, {
      method: 'POST',
      headers: { ...boss.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ rows: [{ indicator: 'REV', unit: 'E1', period: '2026-02', value: 20 }] }),
    });
    expect(res.status).toBe(200);
    const after = await boss.get(card);
    expect(after.headers.get('x-northstar-cache')).toBe('miss');
    expect(revOf(after.body)).toBe(950);
  });
});
