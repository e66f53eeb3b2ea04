import type { AppContext } from '../context.ts';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { PUBLISHED_DEMO_PASSWORD } from './demo-bootstrap.ts';
import { systemActor, insertAudit } from '../audit/repository.ts';
import { isLoopbackHost } from '../config.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { randomPassword } from '../auth/secrets.ts';
import * as repo from '../auth/repository.ts';

/**
 * A server other machines can reach never accepts the README's demo password: before it
 * listens on such an address, every demo account still holding it gets a random password,
 * returned here to be printed once. NORTHSTAR_DEMO_PASSWORD (the operator's own choice) and
 * loopback-only servers are left alone.
 */
export async function replacePublishedPasswords(ctx: AppContext): Promise<{ username: string; password: string }[]> {
  if (isLoopbackHost(ctx.config.host) || process.env.NORTHSTAR_DEMO_PASSWORD) return [];
  const replaced: { username: string; password: string }[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const user = await repo.selectUserByUsername(ctx.db, account.username);
    if (!user || !(await verifyPassword(user.password_hash, PUBLISHED_DEMO_PASSWORD))) continue;
    const password = randomPassword();
    await ctx.db.transaction().execute(async (trx) => {
      await repo.updateUserPassword(trx, user.id, await hashPassword(password), false);
      await repo.deleteUserSessions(trx, user.id);
      await insertAudit(trx, systemActor('system:network-start'), { action: 'reset_password', entity: 'user', key: user.username, reason: `published demo password replaced: listening on ${ctx.config.host}` });
    });
    replaced.push({ username: user.username, password });
  }
  return replaced;
}
