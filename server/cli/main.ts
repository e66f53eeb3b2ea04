import { Command } from 'commander';
import { fail } from './output.ts';
import { registerSystemCommands } from './commands/system.ts';
import { registerAccountCommands } from './commands/accounts.ts';
import { registerScorecardCommands } from './commands/scorecard.ts';
import { registerSeedCommands } from './commands/seed.ts';
import { registerSurveyCommands } from './commands/survey.ts';
import { registerEvaluationCommands } from './commands/evaluate.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerPeriodCommands } from './commands/period.ts';
import { registerTargetCommands } from './commands/targets.ts';
import { registerPayCommands } from './commands/pay.ts';
import { registerVocCommands } from './commands/voc.ts';

/** The CLI's commands over server/; the composition root (bin/main.ts) adds `serve` and `jobs`, then runs it. */
export const program = new Command('northstar')
  .description('Northstar: balanced scorecard and KPI monitoring for customer-satisfaction management')
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .exitOverride();

registerSystemCommands(program);
registerAccountCommands(program);
registerScorecardCommands(program);
registerSeedCommands(program);
registerSurveyCommands(program);
registerEvaluationCommands(program);
registerReportCommands(program);
registerPeriodCommands(program);
registerTargetCommands(program);
registerPayCommands(program);
registerVocCommands(program);

/** Parses the command line and runs the command; exits 0 on help, 2 on a usage error. */
export async function runProgram(argv: string[] = process.argv): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
    if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
    fail(err, { json: argv.includes('--json') });
  }
}
