import type { Command } from 'commander';
import { withContext, cliActor } from '../context.ts';
import { print } from '../output.ts';
import { createToken, createUser, resetPassword, setUserDisabled } from '../../auth/service.ts';
import { ROLES, TOKEN_SCOPES, type Permission, type Role } from '../../auth/policy.ts';
import { randomPassword } from '../../auth/secrets.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { selectUserByUsername, updateUserPassword, deleteUserSessions } from '../../auth/repository.ts';
import { assertPasswordAllowed } from '../../auth/password-policy.ts';
import { insertAudit } from '../../audit/repository.ts';
import { HttpError } from '../../http/errors.ts';

const invalid = (message: string) => new HttpError(400, 'invalid_input', message);

/** The password from --password or, with --password-stdin, the first line of stdin (kept out of shell history). */
async function passwordOption(opts: { password?: string; passwordStdin?: boolean }): Promise<string | undefined> {
  if (opts.password !== undefined && opts.passwordStdin) throw invalid('give --password or --password-stdin, not both');
  if (!opts.passwordStdin) return opts.password;
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const line = text.split(/\r?\n/)[0];
  if (!line) throw invalid('--password-stdin: stdin is empty');
  return line;
}

export function registerAccountCommands(program: Command) {
  const user = program.command('user').description('User accounts');
  user
    .command('add <username>')
    .description('Create a user; prints a generated password once unless --password is given')
    .option('--role <role>', `role to grant (${ROLES.join(', ')})`, 'viewer')
    .option('--unit <code>', 'org unit the role is granted on (default: the whole organisation)')
    .option('--display-name <name>', 'name shown in the app')
    .option('--password <password>', 'password (at least 12 characters, not easy to guess); generated when omitted')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--locale <locale>', 'en or ko', 'en')
    .option('--json', 'machine-readable output')
    .action(async (username: string, opts) => {
      if (!ROLES.includes(opts.role)) throw invalid(`--role must be one of ${ROLES.join(', ')}`);
      const given = await passwordOption(opts);
      if (given !== undefined) assertPasswordAllowed(given, [username, opts.displayName], '--password');
      const password: string = given ?? randomPassword();
      const created = await withContext(
        (ctx) =>
          ctx.db.transaction().execute((trx) =>
            createUser(trx, cliActor(), {
              username,
              displayName: opts.displayName,
              password,
              locale: opts.locale,
              grants: [{ role: opts.role as Role, unit: opts.unit ?? null }],
            }),
          ),
        { apiHint: `POST {api}/users as an administrator (body: username, password, grants)` },
      );
      const result = { username: created.username, role: opts.role, unit: opts.unit ?? null, password: given !== undefined ? null : password };
      print(result, opts, (r) => `Created ${r.username} (${r.role} on ${r.unit ?? 'the whole organisation'})${r.password ? `\nPassword (shown once): ${r.password}` : ''}`);
    });

  user
    .command('password <username>')
    .description('Set a password: a generated one (shown once, to be changed at the next sign-in), or the one given')
    .option('--password <password>', 'the new password (at least 12 characters, not easy to guess)')
    .option('--password-stdin', 'read the new password from the first line of stdin')
    .option('--must-change', 'with a given password: the user must still change it at the next sign-in')
    .option('--json', 'machine-readable output')
    .action(async (username: string, opts) => {
      const given = await passwordOption(opts);
      const result = await withContext(
        (ctx) =>
          ctx.db.transaction().execute(async (trx) => {
            if (given === undefined || opts.mustChange) return resetPassword(trx, cliActor(), username, given ?? null);
            // Your own new password, chosen at the terminal: no forced change afterwards.
            const account = await selectUserByUsername(trx, username);
            if (!account) throw new HttpError(404, 'not_found', `Unknown user "${username}"`);
            assertPasswordAllowed(given, [account.username, account.display_name], '--password');
            await updateUserPassword(trx, account.id, await hashPassword(given), false);
            await deleteUserSessions(trx, account.id);
            await insertAudit(trx, cliActor(), { action: 'change_password', entity: 'user', key: account.username });
            return { username: account.username, password: null, mustChangePassword: false };
          }),
        { apiHint: `POST {api}/auth/password to change your own (currentPassword, newPassword), or POST {api}/users/${username}/password as an administrator` },
      );
      print(result, opts, (r) => `Password of ${r.username} set${r.password ? `. Shown once: ${r.password}` : ''}${r.mustChangePassword ? '\nIt must be changed at the next sign-in.' : ''}`);
    });

  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    user
      .command(`${name} <username>`)
      .description(disabled ? 'Disable an account: its sessions end and its API tokens stop working at once' : 'Enable a disabled account')
      .option('--json', 'machine-readable output')
      .action(async (username: string, opts) => {
        const result = await withContext((ctx) => ctx.db.transaction().execute((trx) => setUserDisabled(trx, cliActor(), username, disabled)), {
          apiHint: `POST {api}/users/${username}/${name} as an administrator`,
        });
        print(result, opts, (r) => `${r.username} is ${r.disabled ? 'disabled' : 'enabled'}`);
      });
  }

  const token = program.command('token').description('API tokens for machines');
  token
    .command('create')
    .description('Create a scoped API token; the token is printed once')
    .requiredOption('--user <username>', 'the account the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--scopes <list>', `comma-separated scopes (${TOKEN_SCOPES.join(', ')}); each must be a right the user holds`, 'scorecard:read')
    .option('--expires <date>', 'expiry date (ISO 8601)')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const scopes = String(opts.scopes).split(',').map((s) => s.trim()).filter(Boolean);
      for (const s of scopes) if (!TOKEN_SCOPES.includes(s as Permission)) throw invalid(`Unknown scope "${s}"; use ${TOKEN_SCOPES.join(', ')}`);
      const expiresAt = opts.expires ? new Date(opts.expires) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw invalid(`--expires "${opts.expires}" is not a date`);
      const created = await withContext(
        async (ctx) => {
          const owner = await selectUserByUsername(ctx.db, opts.user);
          if (!owner) throw new HttpError(404, 'not_found', `Unknown user "${opts.user}"`);
          return ctx.db.transaction().execute((trx) => createToken(trx, cliActor(), { userId: owner.id, name: opts.name, scopes: scopes as Permission[], expiresAt }));
        },
        { apiHint: `sign in as ${opts.user} and POST {api}/tokens with {"name":"${opts.name}","scopes":${JSON.stringify(scopes)}}` },
      );
      print(created, opts, (t) => `Token "${t.name}" (scopes: ${t.scopes.join(', ')}). Shown once:\n${t.token}`);
    });
}
