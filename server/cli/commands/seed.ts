import type { Command } from 'commander';
import { withContext, cliActor } from '../context.ts';
import { print } from '../output.ts';
import { lastCompleteMonth, seedDemo } from '../../seed/demo.ts';
import { demoPassword } from '../../seed/demo-bootstrap.ts';
import { HttpError } from '../../http/errors.ts';

export function registerSeedCommands(program: Command) {
  program
    .command('seed')
    .description('Load data: --demo loads the demo company (model, 26 months of data, surveys, one account per role)')
    .option('--demo', 'the demo company')
    .option('--end-month <month>', 'last month with data (YYYY-MM; default: the latest complete month)')
    .option('--no-accounts', 'do not create the demo accounts')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      if (!opts.demo) throw new HttpError(400, 'invalid_input', 'Say what to load: northstar seed --demo');
      const endMonth = opts.endMonth ?? lastCompleteMonth(new Date());
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(endMonth)) throw new HttpError(400, 'invalid_input', `--end-month "${endMonth}" is not a month (YYYY-MM)`);
      const result = await withContext((ctx) => ctx.db.transaction().execute((trx) => seedDemo(trx, cliActor(), { endMonth, accountPassword: opts.accounts ? demoPassword() : null })));
      print(result, opts, (r) =>
        [
          `Demo company loaded: ${r.months.from} … ${r.months.to}, ${r.measurements} measurements written, ${r.surveys} survey imports`,
          ...(r.accounts.length ? [`Accounts (password "${demoPassword()}"): ${r.accounts.map((a: { username: string; role: string }) => `${a.username} (${a.role})`).join(', ')}`] : []),
        ].join('\n'),
      );
    });
}
