import os from 'node:os';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openContext, type OpenedContext } from '../bootstrap.ts';
import type { Actor } from '../audit/repository.ts';

/**
 * Runs `fn` with an opened, migrated context and always closes the database afterwards. On the
 * embedded database the command takes the data directory's lock: while a server (or another
 * command) holds it, the command refuses, naming the holder and `apiHint`, the way to do the
 * same through the running server's API (`{api}` becomes its URL).
 */
export async function withContext<T>(fn: (ctx: OpenedContext) => Promise<T>, options: { apiHint?: string } = {}): Promise<T> {
  const config = loadConfig();
  // CLI commands print their results on stdout; logs stay quiet unless asked for.
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr as never);
  const command = process.argv.slice(2).filter((a) => !a.startsWith('-')).slice(0, 2).join(' ');
  const ctx = await openContext(config, logger, { claim: { role: 'cli', command, apiHint: options.apiHint } });
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
