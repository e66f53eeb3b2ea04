import type { JobKind } from './types.ts';
import { maintenanceJob } from './maintenance.ts';

/** Every job kind the scheduler can run, by `kind`. */
export const jobKinds = new Map<string, JobKind>([maintenanceJob].map((k) => [k.kind, k]));

/** Jobs every installation has; created on first start, then editable like any other. */
export const defaultJobs = [
  { name: 'maintenance', kind: 'maintenance', schedule: '17 3 * * *', timezone: 'UTC', config: {}, enabled: true, timeLimitSeconds: 300, maxAttempts: 1 },
];
