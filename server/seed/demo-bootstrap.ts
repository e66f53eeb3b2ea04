import type { AppContext } from '../context.ts';

export interface DemoBootstrap {
  password: string;
  accounts: { username: string; role: string }[];
}

/**
 * On an empty embedded database, `npm start` loads the demo company so there is something to
 * see. The demo itself arrives with the scorecard model; until then there is nothing to load.
 */
export async function ensureDemoData(_ctx: AppContext): Promise<DemoBootstrap | null> {
  return null;
}
