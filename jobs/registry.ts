import type { JobKind } from './types.ts';
import { maintenanceJob } from './maintenance.ts';
import { fileDropJob } from './file-drop.ts';
import { httpPullJob } from './http-pull.ts';
import { sqlPullJob } from './sql-pull.ts';
import { rollupCheckJob } from './rollup-check.ts';
import { alertsJob } from './alerts.ts';
import { remindersJob } from './reminders.ts';
import { mailJob } from './mail.ts';
import { reportMailJob } from './report-mail.ts';
import { vocFeedsJob } from './voc-feeds.ts';

/** Every job kind the scheduler can run, by `kind` (their configs: config.ts). */
export const jobKinds = new Map<string, JobKind>([maintenanceJob, fileDropJob, httpPullJob, sqlPullJob, rollupCheckJob, alertsJob, remindersJob, mailJob, reportMailJob, vocFeedsJob].map((k) => [k.kind, k]));

/** Jobs every installation has; created on first start, then editable like any other. */
export const defaultJobs = [
  { name: 'maintenance', kind: 'maintenance', schedule: '17 3 * * *', timezone: 'UTC', config: {}, enabled: true, timeLimitSeconds: 300, maxAttempts: 1 },
  { name: 'rollup-check', kind: 'rollup-check', schedule: '41 2 * * *', timezone: 'UTC', config: {}, enabled: true, timeLimitSeconds: 3600, maxAttempts: 1 },
  { name: 'alerts', kind: 'alerts', schedule: '0 7 * * *', timezone: 'UTC', config: { deadlineDay: 5 }, enabled: true, timeLimitSeconds: 600, maxAttempts: 2 },
  { name: 'reminders', kind: 'reminders', schedule: '30 8 * * 1-5', timezone: 'Asia/Seoul', config: {}, enabled: true, timeLimitSeconds: 300, maxAttempts: 2 },
  { name: 'mail', kind: 'mail', schedule: '* * * * *', timezone: 'Asia/Seoul', config: {}, enabled: true, timeLimitSeconds: 240, maxAttempts: 1 },
  { name: 'voc-feeds', kind: 'voc-feeds', schedule: '10 0 * * *', timezone: 'Asia/Seoul', config: {}, enabled: true, timeLimitSeconds: 1800, maxAttempts: 2 },
];
