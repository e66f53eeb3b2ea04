/**
 * The composition root of the `northstar` command: the only module that sees every layer. The
 * arrows run one way, bin → jobs → server → (scoring, db): server/ builds the CLI's commands and
 * the HTTP app, jobs/ adds the job kinds and the scheduler, and this file puts them together.
 */
import { program, runProgram } from '../server/cli/main.ts';
import { registerJobCommands } from '../jobs/cli.ts';

program
  .command('serve')
  .description('HTTP server, web dashboard and scheduler (what npm start runs)')
  .action(async () => {
    // Loaded only here: the HTTP app and the job kinds are not needed by the other commands.
    const { serveForever } = await import('./serve.ts');
    await serveForever();
  });
registerJobCommands(program);

await runProgram();
