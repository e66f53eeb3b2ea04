import { Command } from 'commander';
import { fail } from './output.ts';
import { registerSystemCommands } from './commands/system.ts';
import { registerAccountCommands } from './commands/accounts.ts';
import { registerJobCommands } from './commands/jobs.ts';
import { registerScorecardCommands } from './commands/scorecard.ts';
import { registerSeedCommands } from './commands/seed.ts';
import { registerSurveyCommands } from './commands/survey.ts';
import { registerEvaluationCommands } from './commands/evaluate.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerPeriodCommands } from './commands/period.ts';
import { registerPayCommands } from './commands/pay.ts';

const program = new Command('northstar')
  .description('Northstar: balanced scorecard and KPI monitoring for customer-satisfaction management')
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .exitOverride();

registerSystemCommands(program);
registerAccountCommands(program);
registerJobCommands(program);
registerScorecardCommands(program);
registerSeedCommands(program);
registerSurveyCommands(program);
registerEvaluationCommands(program);
registerReportCommands(program);
registerPeriodCommands(program);
registerPayCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
  fail(err, { json: process.argv.includes('--json') });
}
