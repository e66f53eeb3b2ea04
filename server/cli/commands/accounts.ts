import type { Command } from 'commander';
import { withContext, cliActor } from '../context.ts';
import { print } from '../output.ts';
import { createToken, createUser } from '../../auth/service.ts';
import { ROLES, TOKEN_SCOPES, type Permission, type Role } from '../../auth/policy.ts';
import { randomPassword } from '../../auth/secrets.ts';
import { selectUserByUsername } from '../../auth/repository.ts';
import { HttpError } from '../../http/errors.ts';
import { changeProfile, emailSchema } from '../../profile/service.ts';

const invalid = (message: string) => new HttpError(400, 'invalid_input', message);

export function registerAccountCommands(program: Command) {
  const user = program.command('user').description('User accounts');
  user
    .command('add <username>')
    .description('Create a user; prints a generated password once unless --password is given')
    .option('--role <role>', `role to grant (${ROLES.join(', ')})`, 'viewer')
    .option('--unit <code>', 'org unit the role is granted on (default: the whole organisation)')
    .option('--display-name <name>', 'name shown in the app')
    .option('--password <password>', 'password (at least 10 characters); generated when omitted')
    .option('--locale <locale>', 'en or ko', 'en')
    .option('--email <address>', 'where notifications are e-mailed')
    .option('--json', 'machine-readable output')
    .action(async (username: string, opts) => {
      if (!ROLES.includes(opts.role)) throw invalid(`--role must be one of ${ROLES.join(', ')}`);
      const email = opts.email === undefined ? undefined : parseEmail(opts.email);
      if (opts.password !== undefined && opts.password.length < 10) throw invalid('--password must have at least 10 characters');
      const password: string = opts.password ?? randomPassword();
      const created = await withContext((ctx) =>
        ctx.db.transaction().execute(async (trx) => {
          const user = await createUser(trx, cliActor(), {
            username,
            displayName: opts.displayName,
            password,
            locale: opts.locale,
            grants: [{ role: opts.role as Role, unit: opts.unit ?? null }],
          });
          if (email) await changeProfile(trx, cliActor(), username, { email });
          return user;
        }),
      );
      const result = { username: created.username, role: opts.role, unit: opts.unit ?? null, email: email ?? null, password: opts.password ? null : password };
      print(result, opts, (r) => `Created ${r.username} (${r.role} on ${r.unit ?? 'the whole organisation'})${r.password ? `\nPassword (shown once): ${r.password}` : ''}`);
    });

  user
    .command('set-email <username> <address>')
    .description('Set (or with "none", clear) the address notifications are e-mailed to')
    .option('--json', 'machine-readable output')
    .action(async (username: string, address: string, opts) => {
      const email = address === 'none' ? null : parseEmail(address);
      const profile = await withContext((ctx) => ctx.db.transaction().execute((trx) => changeProfile(trx, cliActor(), username, { email })));
      print(profile, opts, (p) => (p.email ? `${p.username} is e-mailed at ${p.email}` : `${p.username} gets no e-mail`));
    });

  const token = program.command('token').description('API tokens for machines');
  token
    .command('create')
    .description('Create a scoped API token; the token is printed once')
    .requiredOption('--user <username>', 'the account the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--scopes <list>', `comma-separated scopes (${TOKEN_SCOPES.join(', ')})`, 'scorecard:read')
    .option('--expires <date>', 'expiry date (ISO 8601)')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const scopes = String(opts.scopes).split(',').map((s) => s.trim()).filter(Boolean);
      for (const s of scopes) if (!TOKEN_SCOPES.includes(s as Permission)) throw invalid(`Unknown scope "${s}"; use ${TOKEN_SCOPES.join(', ')}`);
      const expiresAt = opts.expires ? new Date(opts.expires) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw invalid(`--expires "${opts.expires}" is not a date`);
      const created = await withContext(async (ctx) => {
        const owner = await selectUserByUsername(ctx.db, opts.user);
        if (!owner) throw new HttpError(404, 'not_found', `Unknown user "${opts.user}"`);
        return ctx.db.transaction().execute((trx) => createToken(trx, cliActor(), { userId: owner.id, name: opts.name, scopes: scopes as Permission[], expiresAt }));
      });
      print(created, opts, (t) => `Token "${t.name}" (scopes: ${t.scopes.join(', ')}). Shown once:\n${t.token}`);
    });
}

function parseEmail(address: string): string {
  const parsed = emailSchema.safeParse(address);
  if (!parsed.success) throw invalid(`"${address}" is not an e-mail address`);
  return parsed.data;
}
