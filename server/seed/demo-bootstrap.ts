import type { AppContext } from '../context.ts';
import { systemActor } from '../audit/repository.ts';
import { lastCompleteMonth, seedDemo } from './demo.ts';

export interface DemoBootstrap {
  password: string;
  accounts: { username: string; role: string }[];
}

/** The demo accounts' password printed in the README: fine on 127.0.0.1, never on a network. */
export const PUBLISHED_DEMO_PASSWORD = 'northstar-demo';

/** Password of the demo accounts (documented in the README; set NORTHSTAR_DEMO_PASSWORD to change). */
export const demoPassword = () => process.env.NORTHSTAR_DEMO_PASSWORD || PUBLISHED_DEMO_PASSWORD;

/**
 * On an empty embedded database, `npm start` loads the demo company so there is something to
 * see. PostgreSQL is never seeded unless asked (`northstar seed --demo`).
 */
export async function ensureDemoData(ctx: AppContext): Promise<DemoBootstrap | null> {
  if (ctx.dbKind !== 'pglite' || process.env.NORTHSTAR_DEMO === 'off') return null;
  const anyUnit = await ctx.db.selectFrom('org_unit').select('id').limit(1).executeTakeFirst();
  if (anyUnit) return null;
  const started = Date.now();
  ctx.logger.info('empty embedded database: loading the demo company');
  const result = await ctx.db.transaction().execute((trx) => seedDemo(trx, systemActor('system:demo'), { endMonth: lastCompleteMonth(new Date()), accountPassword: demoPassword() }));
  ctx.logger.info({ ms: Date.now() - started, measurements: result.measurements, surveys: result.surveys }, 'demo company loaded');
  return { password: demoPassword(), accounts: result.accounts };
}
