import type { Command } from 'commander';
import { withContext, cliActor } from '../context.ts';
import { print } from '../output.ts';
import { transition } from '../../periods/service.ts';

/** `northstar period lock|reopen --unit U --period P [--reason R]` (DESIGN.md §4). */
export function registerPeriodCommands(program: Command): void {
  const period = program.command('period').description('Close (lock) or reopen a month for a unit and its subtree');
  for (const step of ['lock', 'reopen'] as const) {
    period
      .command(step)
      .description(step === 'lock' ? 'Lock a month: no path (API, file import, job) can change its values' : 'Reopen a locked month (a reason is required)')
      .requiredOption('--unit <code>', 'org unit code (holds for its subtree)')
      .requiredOption('--period <YYYY-MM>', 'the month')
      .option('--reason <text>', step === 'lock' ? 'why (kept in the audit log)' : 'why (required; kept in the audit log)')
      .option('--json', 'machine-readable output')
      .action(async (opts) => {
        const wf = await withContext((ctx) => ctx.db.transaction().execute((trx) => transition(trx, cliActor(), opts.unit, opts.period, step, opts.reason ?? null)));
        print(wf, opts, (w) => `${w.unit} ${w.period}: ${w.state}${w.locked ? ' (locked)' : ''}`);
      });
  }
}
