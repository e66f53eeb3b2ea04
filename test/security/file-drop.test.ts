/**
 * Class 3: file-drop folders stay inside NORTHSTAR_DATA_DIR/drop/ (or a folder listed in
 * NORTHSTAR_DROP_ROOTS). `../x`, absolute paths elsewhere and symbolic links out of the drop
 * folders are refused when the job is saved (4xx naming the field) and again when it runs;
 * files outside are neither imported nor moved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/database.ts';
import { useTestApp } from '../helpers/app.ts';
import { importModelFile, testActor } from '../helpers/model.ts';
import { importModel } from '../../server/model/service.ts';
import { count, runJob, saveJob } from '../integration/jobs/support.ts';

const CSV = 'indicator,unit,period,value\nSALES,SEOUL,2026-01,100\n';

describe.each(testDatabaseKinds())('file-drop folders are confined (%s)', (kind) => {
  const app = useTestApp(kind);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-sec-drop-'));
  const dataDir = path.join(base, 'data');
  const outside = path.join(base, 'outside');
  let savedDataDir = '';
  beforeAll(() => {
    savedDataDir = app.ctx.config.dataDir;
    app.ctx.config.dataDir = dataDir;
  });
  afterAll(() => {
    app.ctx.config.dataDir = savedDataDir;
    fs.rmSync(base, { recursive: true, force: true });
  });
  beforeEach(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
    fs.mkdirSync(path.join(dataDir, 'drop', 'inbox'), { recursive: true });
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(outside, 'secret.csv'), CSV);
    await importModelFile(app.db, 'design-example.yaml');
    await app.user('admin', [{ role: 'admin', unit: null }]);
  });

  it('when a job names ../x, an absolute path or a folder that climbs out, then saving it is a 422 naming config.folder', async () => {
    const admin = await app.signIn('admin');
    for (const folder of ['../outside', '/etc', outside, 'inbox/../../outside', '..']) {
      const res = await admin.put('/api/v1/jobs/drop', { kind: 'file-drop', schedule: '*/5 * * * *', config: { folder } });
      expect(res.status, folder).toBe(422);
      expect(res.body.error.details, folder).toContainEqual(expect.objectContaining({ path: 'config.folder' }));
    }
    const model = app.db.transaction().execute((trx) => importModel(trx, testActor, { jobs: [{ name: 'drop', kind: 'file-drop', schedule: '*/5 * * * *', config: { folder: '../outside' } }] }));
    await expect(model).rejects.toMatchObject({ details: expect.arrayContaining([expect.objectContaining({ path: 'jobs[0] (drop).config.folder' })]) });
    const ok = await admin.put('/api/v1/jobs/drop', { kind: 'file-drop', schedule: '*/5 * * * *', config: { folder: 'inbox' } });
    expect(ok.status).toBe(200);
  });

  it('when a stored job names ../outside, then the run is refused and the file outside stays where it is', async () => {
    await saveJob(app.db, { name: 'drop', kind: 'file-drop', config: { folder: '../outside' } }); // the old resolution (relative to the data directory) reached base/outside
    const run = await runJob(app.ctx, 'drop');
    expect(run.status).toBe('failed');
    expect(fs.readdirSync(outside)).toEqual(['secret.csv']);
    expect(await count(app.db, 'measurement')).toBe(0);
  });

  it('when a drop folder is a symbolic link out of the drop folders, then the run is refused', async () => {
    fs.symlinkSync(outside, path.join(dataDir, 'drop', 'link'));
    await saveJob(app.db, { name: 'drop', kind: 'file-drop', config: { folder: 'link' } });
    const run = await runJob(app.ctx, 'drop');
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toMatch(/symbolic link/);
    expect(fs.readdirSync(outside)).toEqual(['secret.csv']);
    expect(await count(app.db, 'measurement')).toBe(0);
  });

  it('when archive/ is a link to another folder, then nothing is moved there; a plain relative folder works', async () => {
    fs.writeFileSync(path.join(dataDir, 'drop', 'inbox', 'a.csv'), CSV);
    fs.symlinkSync(outside, path.join(dataDir, 'drop', 'inbox', 'archive'));
    await saveJob(app.db, { name: 'drop', kind: 'file-drop', config: { folder: 'inbox' } });
    const refused = await runJob(app.ctx, 'drop');
    expect(refused.status).toBe('failed');
    expect(fs.readdirSync(outside)).toEqual(['secret.csv']);
    fs.unlinkSync(path.join(dataDir, 'drop', 'inbox', 'archive'));
    const run = await runJob(app.ctx, 'drop');
    expect(run.status).toBe('succeeded');
    expect(fs.readdirSync(path.join(dataDir, 'drop', 'inbox', 'archive'))).toEqual(['a.csv']);
    expect(JSON.stringify(run.outcome.details)).not.toContain(dataDir); // no server paths in run details
  });
});
