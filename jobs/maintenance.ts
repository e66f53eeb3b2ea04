import { deleteExpiredSessions } from '../server/auth/repository.ts';
import type { JobKind } from './types.ts';

/** Housekeeping: expired sessions. */
export const maintenanceJob: JobKind = {
  kind: 'maintenance',
  description: 'Deletes expired sign-in sessions',
  async run(ctx) {
    await deleteExpiredSessions(ctx.db);
    return {};
  },
};
