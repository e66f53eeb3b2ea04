import cluster, { type Worker } from 'node:cluster';
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
export async function startServer(config: Config = loadConfig(), options: { quiet?: boolean; prepared?: boolean; workerId?: number } = {}): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const ctx = await openContext(config, logger, { claim: { role: 'server', command: 'serve' } });
  // A cluster's primary prepared the database (first admin, demo, jobs) before forking.
  const { firstAdmin, demo, replacedPasswords } = options.prepared ? { firstAdmin: null, demo: null, replacedPasswords: [] } : await prepareDatabase(ctx);

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
  const workerId = options.workerId;
  const server = http.createServer(workerId === undefined ? app : (req, res) => (res.setHeader('x-northstar-worker', String(workerId)), app(req, res)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  if (config.scheduler) {
    await scheduler.start();
    if (workerId !== undefined) logger.info({ worker: workerId }, 'scheduler runs in this worker');
  }
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

/** What `serve` does to the database once before listening (in a cluster: the primary, once). */
async function prepareDatabase(ctx: OpenedContext) {
  const firstAdmin = await ensureFirstAdmin(ctx);
  const demo = await ensureDemoData(ctx);
  const replacedPasswords = await replacePublishedPasswords(ctx);
  for (const job of defaultJobs) if (!(await selectJob(ctx.db, job.name))) await upsertJob(ctx.db, job);
  return { firstAdmin, demo, replacedPasswords };
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
  const config = loadConfig();
  if (config.workers > 1 && !config.databaseUrl) {
    process.stderr.write(
      `NORTHSTAR_WORKERS=${config.workers}: more than one server process needs PostgreSQL (DATABASE_URL). ` +
        `The embedded database is one process's files and stays one process; unset NORTHSTAR_WORKERS or set DATABASE_URL.\n`,
    );
    process.exit(2);
  }
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config);
  const workerId = cluster.isWorker ? Number(process.env.NORTHSTAR_WORKER_ID) : undefined;
  const running = await startServer(config, cluster.isWorker ? { quiet: true, prepared: true, workerId } : {});
  if (cluster.isWorker) process.send?.({ type: 'northstar:listening', url: running.url });
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

/**
 * NORTHSTAR_WORKERS=N on PostgreSQL: this (primary) process migrates and prepares the database
 * once, then forks N workers that share the port (node:cluster hands out connections round
 * robin) and each keep their own pool and read cache (kept current by the data version and
 * LISTEN/NOTIFY). The scheduler runs in worker 1 only, and a tick is claimed in the database
 * anyway (a unique run per job and tick), so a replacement worker overlapping it cannot run a
 * tick twice. A worker that dies is replaced; SIGTERM/SIGINT stop all of them gracefully.
 */
async function runPrimary(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const ctx = await openContext(config, logger, { claim: { role: 'server', command: 'serve' } });
  let prepared;
  try {
    prepared = await prepareDatabase(ctx);
  } finally {
    await ctx.close();
  }
  let stopping = false;
  const fork = (id: number) => {
    const worker = cluster.fork({ NORTHSTAR_WORKER_ID: String(id), NORTHSTAR_SCHEDULER: id === 1 && config.scheduler ? 'on' : 'off' });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ worker: id, code, signal }, 'server worker exited; starting a new one');
      setTimeout(() => fork(id), 1000).unref();
    });
    return worker;
  };
  const workers: Worker[] = [];
  const listening = Array.from({ length: config.workers }, (_, i) => {
    const worker = fork(i + 1);
    workers.push(worker);
    return new Promise<string>((resolve, reject) => {
      worker.on('message', (m: { type?: string; url?: string }) => m?.type === 'northstar:listening' && resolve(m.url!));
      worker.once('exit', (code) => reject(new Error(`server worker ${i + 1} exited with ${code} before listening`)));
    });
  });
  let url: string;
  try {
    [url] = await Promise.all(listening);
  } catch (err) {
    stopping = true;
    for (const w of workers) w.kill('SIGTERM');
    throw err;
  }
  logger.info({ url, workers: config.workers }, 'Northstar is listening');
  printWelcome(url, ctx, prepared.firstAdmin, prepared.demo, prepared.replacedPasswords);
  process.stdout.write(`  ${config.workers} server processes (NORTHSTAR_WORKERS); the scheduler runs in one of them\n\n`);
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'signal received: stopping the server workers');
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    let left = alive.length;
    if (left === 0) process.exit(0);
    for (const w of alive) {
      w.once('exit', () => --left === 0 && process.exit(0));
      w.kill('SIGTERM');
    }
    setTimeout(() => process.exit(1), 20_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
