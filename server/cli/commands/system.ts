import type { Command } from 'commander';
import { withContext } from '../context.ts';
import { print } from '../output.ts';
import { migrateToLatest } from '../../db/migrate.ts';

export function registerSystemCommands(program: Command) {
  program
    .command('migrate')
    .description('Apply pending database migrations')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      // openContext migrates already; report what this run applied.
      const applied = await withContext(async (ctx) => migrateToLatest(ctx.db));
      print({ applied }, opts, (d) => (d.applied.length ? `Applied: ${d.applied.join(', ')}` : 'The database is up to date'));
    });
}
