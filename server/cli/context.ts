import os from 'node:os';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openContext, type OpenedContext } from '../bootstrap.ts';
import type { Actor } from '../audit/repository.ts';

/** Runs `fn` with an opened, migrated context and always closes the database afterwards. */
export async function withContext<T>(fn: (ctx: OpenedContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // CLI commands print their results on stdout; logs stay quiet unless asked for.
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr as never);
  const ctx = await openContext(config, logger);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

export const cliActor = (): Actor => ({ id: null, name: `cli:${safeUsername()}` });

function safeUsername() {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
