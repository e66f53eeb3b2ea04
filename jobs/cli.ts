import type { Command } from 'commander';
import { withContext } from '../server/cli/context.ts';
import { print } from '../server/cli/output.ts';
import { selectJobs, selectRuns } from '../server/scheduling/repository.ts';
import { isValidPeriod } from '../server/scoring/period.ts';
import { HttpError } from '../server/http/errors.ts';

export function registerJobCommands(program: Command) {
  const jobs = program.command('jobs').description('Scheduled jobs and their history');
  jobs
    .command('list')
    .description('Jobs with their schedules and recent runs')
    .option('--runs <n>', 'recent runs to show per job', '5')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const data = await withContext(async (ctx) => {
        const list = await selectJobs(ctx.db);
        return Promise.all(list.map(async (job) => ({ ...job, runs: await selectRuns(ctx.db, { jobName: job.name, limit: Number(opts.runs) }) })));
      });
      print(data, opts, (rows: typeof data) =>
        rows.length === 0
          ? 'No jobs'
          : rows
              .map((j) => {
                const last = j.runs[0];
                return `${j.name}  [${j.kind}]  ${j.schedule} ${j.timezone}${j.enabled ? '' : ' (disabled)'}  last: ${last ? `${last.status} at ${last.startedAt.toISOString()}` : 'never'}`;
              })
              .join('\n'),
      );
    });
  jobs
    .command('run <name>')
    .description('Run a job now (manual trigger); --period reprocesses one period (backfill)')
    .option('--period <period>', 'period to backfill (YYYY-MM)')
    .option('--json', 'machine-readable output')
    .action(async (name: string, opts) => {
      if (opts.period && !isValidPeriod(opts.period)) throw new HttpError(400, 'invalid_input', `--period "${opts.period}" is not a period (YYYY-MM, YYYY-Qn or YYYY)`);
      // The job kinds are loaded only for a run: `jobs list` and the other commands do without them.
      const [{ Scheduler }, { jobKinds }] = await Promise.all([import('./scheduler.ts'), import('./registry.ts')]);
      const result = await withContext(async (ctx) => new Scheduler(ctx, jobKinds).runNow(name, { trigger: 'manual', period: opts.period ?? null }));
      print(result, opts, (r) => `Run ${r.runId}: ${r.status}${r.outcome.error ? ` (${r.outcome.error})` : ''}; rows read ${r.outcome.rowsRead ?? 0}, accepted ${r.outcome.rowsAccepted ?? 0}, rejected ${r.outcome.rowsRejected ?? 0}`);
      if (result && result.status !== 'succeeded') process.exit(1);
    });
}
