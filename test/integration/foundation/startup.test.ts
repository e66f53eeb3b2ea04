import { describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createPostgresDatabase } from '../../helpers/database.ts';
import { startServerProcess } from '../../helpers/cli.ts';
import { migrations } from '../../../migrations/index.ts';

describe.skipIf(!process.env.TEST_DATABASE_URL)('two servers starting at once on one PostgreSQL', () => {
  it('both come up, the migrations are applied once, and both shut down cleanly on SIGTERM', async () => {
    const database = await createPostgresDatabase();
    try {
      const env = { DATABASE_URL: database.url, NORTHSTAR_SCHEDULER: 'off' };
      const a = startServerProcess(env);
      const b = startServerProcess(env);
      const [urlA, urlB] = await Promise.all([a.ready, b.ready]);
      for (const url of [urlA, urlB]) {
        const res = await fetch(`${url}/readyz`);
        expect(await res.json()).toEqual({ status: 'ready', database: 'postgres' });
      }
      const sql = postgres(database.url, { max: 1 });
      const applied = await sql`select name from kysely_migration order by name`;
      await sql.end();
      expect(applied.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      expect(await a.exited).toBe(0);
      expect(await b.exited).toBe(0);
    } finally {
      await database.drop();
    }
  });
});
