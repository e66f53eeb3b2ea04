import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import { ensureFirstAdmin, openContext, type OpenedContext } from '../server/bootstrap.ts';
import { createApp } from '../server/app.ts';
import { selectJob, upsertJob } from '../server/scheduling/repository.ts';
import { ensureDemoData } from '../server/seed/demo-bootstrap.ts';
import { Scheduler } from '../jobs/scheduler.ts';
import { defaultJobs, jobKinds } from '../jobs/registry.ts';
import { replacePublishedPasswords } from '../server/seed/published-passwords.ts';

export interface RunningServer {
  url: string;
  ctx: OpenedContext;
  server: http.Server;
  /** The scheduler; with NORTHSTAR_SCHEDULER=off it is never started and only runs jobs on demand. */
  scheduler: Scheduler;
  stop(): Promise<void>;
}

/**
 * The composition root of `serve`: wires the HTTP app, the scheduler and the job kinds (the only
 * place besides the CLI where jobs/ meets server/). `stop()` shuts down in order.
 */
export async function startServer(config: Config = loadConfig(), options: { quiet?: boolean } = {}): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const ctx = await openContext(config, logger, { claim: { role: 'server', command: 'serve' } });
  const firstAdmin = await ensureFirstAdmin(ctx);
  const demo = await ensureDemoData(ctx);
  const replacedPasswords = await replacePublishedPasswords(ctx);
  for (const job of defaultJobs) if (!(await selectJob(ctx.db, job.name))) await upsertJob(ctx.db, job);

  let viteMiddleware;
  let vite: { close(): Promise<void> } | null = null;
  if (config.dev) {
    const { createServer } = await import('vite');
    const devServer = await createServer({ server: { middlewareMode: true }, appType: 'spa' });
    vite = devServer;
    viteMiddleware = devServer.middlewares as never;
  }
  const scheduler = new Scheduler(ctx, jobKinds);
  ctx.jobs = scheduler;
  const app = createApp(ctx, { viteMiddleware });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  if (config.scheduler) await scheduler.start();
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  ctx.dataDirLock?.setUrl(url);
  logger.info({ url, database: ctx.dbKind }, 'Northstar is listening');
  if (!options.quiet) printWelcome(url, ctx, firstAdmin, demo, replacedPasswords);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      await scheduler.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running after 10 s are cut off.
        setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, 10_000).unref();
      });
      await vite?.close();
      await ctx.close();
    })());
  return { url, ctx, server, scheduler, stop };
}

function printWelcome(url: string, ctx: OpenedContext, admin: Awaited<ReturnType<typeof ensureFirstAdmin>>, demo: Awaited<ReturnType<typeof ensureDemoData>>, replaced: { username: string; password: string }[]) {
  const lines = [``, `  Northstar is running at ${url}`, `  Database: ${ctx.dbKind === 'pglite' ? `embedded (${ctx.config.dataDir})` : 'PostgreSQL (DATABASE_URL)'}`];
  if (admin) {
    lines.push(`  Sign in as "${admin.username}" with password ${admin.password ? `"${admin.password}" (shown once: note it now)` : 'from NORTHSTAR_ADMIN_PASSWORD'}`);
  } else {
    lines.push(`  Sign in with your account (create one with: npx northstar user add NAME --role admin)`);
  }
  if (replaced.length) {
    lines.push(`  Listening on ${ctx.config.host}, reachable from the network: the demo accounts' published password no longer works.`);
    lines.push(`  Their new passwords (shown once: note them now):`);
    for (const r of replaced) lines.push(`    ${r.username}: ${r.password}`);
  } else if (demo?.accounts.length) {
    lines.push(`  Demo accounts (password "${demo.password}"): ${demo.accounts.map((a) => `${a.username} (${a.role})`).join(', ')}`);
  }
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n');
}

/** `northstar serve`: runs until SIGTERM/SIGINT, then shuts down gracefully. */
export async function serveForever(): Promise<void> {
  const running = await startServer();
  const shutdown = (signal: string) => {
    running.ctx.logger.info({ signal }, 'signal received');
    running.stop().then(
      () => process.exit(0),
      (err) => {
        running.ctx.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
