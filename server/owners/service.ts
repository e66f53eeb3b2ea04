import type { Db } from '../db/database.ts';
import { DomainError, notFound } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { selectUnitByCode } from '../units/repository.ts';
import { deleteOwnership, selectOwnerEntries, upsertOwnership, type OwnershipKey } from './repository.ts';
import { resolveOwnership, subjectKey, NO_OWNER, type OwnerEntry, type Ownership } from './resolve.ts';
import type { OwnerEntryInput } from './schema.ts';

export interface OwnerIssue {
  path: string;
  message: string;
}

/** Problems with owner entries: unknown indicators, objectives, units or users; a scope named twice. */
export function ownerIssues(entries: OwnerEntryInput[], known: { indicators: Set<string>; objectives: Set<string>; units: Set<string>; users: Set<string> }, prefix = 'owners'): OwnerIssue[] {
  const issues: OwnerIssue[] = [];
  const seen = new Map<string, number>();
  entries.forEach((e, index) => {
    const path = `${prefix}[${index}]`;
    if (e.indicator !== undefined && !known.indicators.has(e.indicator)) issues.push({ path: `${path}.indicator`, message: `unknown indicator "${e.indicator}"` });
    if (e.objective !== undefined && !known.objectives.has(e.objective)) issues.push({ path: `${path}.objective`, message: `unknown objective "${e.objective}"` });
    if (e.unit && !known.units.has(e.unit)) issues.push({ path: `${path}.unit`, message: `unknown unit "${e.unit}"` });
    if (e.owner && !known.users.has(e.owner)) issues.push({ path: `${path}.owner`, message: `unknown user "${e.owner}"` });
    e.updaters.forEach((u, i) => {
      if (!known.users.has(u)) issues.push({ path: `${path}.updaters[${i}]`, message: `unknown user "${u}"` });
    });
    const scope = `${e.indicator ? `indicator ${e.indicator}` : `objective ${e.objective}`} on ${e.unit ?? 'the whole organisation'}`;
    const first = seen.get(scope);
    if (first !== undefined) issues.push({ path, message: `${scope} is named twice (also at ${prefix}[${first}])` });
    else seen.set(scope, index);
  });
  return issues;
}

export async function knownNames(db: Db) {
  const [indicators, objectives, units, users] = await Promise.all([
    db.selectFrom('indicator').select('code').execute(),
    db.selectFrom('objective').select('code').execute(),
    db.selectFrom('org_unit').select('code').execute(),
    db.selectFrom('app_user').select('username').execute(),
  ]);
  return {
    indicators: new Set(indicators.map((r) => r.code)),
    objectives: new Set(objectives.map((r) => r.code)),
    units: new Set(units.map((r) => r.code)),
    users: new Set(users.map((r) => r.username)),
  };
}

async function keyOf(db: Db, e: { indicator?: string; objective?: string; unit?: string | null }): Promise<OwnershipKey> {
  const subject = e.indicator !== undefined
    ? await db.selectFrom('indicator').select('id').where('code', '=', e.indicator).executeTakeFirst()
    : await db.selectFrom('objective').select('id').where('code', '=', e.objective!).executeTakeFirst();
  if (!subject) throw notFound(`Unknown ${e.indicator !== undefined ? 'indicator' : 'objective'} "${e.indicator ?? e.objective}"`);
  const unit = e.unit ? await selectUnitByCode(db, e.unit) : null;
  if (e.unit && !unit) throw notFound(`Unknown unit "${e.unit}"`);
  return { indicatorId: e.indicator !== undefined ? subject.id : null, objectiveId: e.indicator === undefined ? subject.id : null, unitId: unit?.id ?? null };
}

/** The entry as the model file writes it. */
export function ownerEntryToFile(e: OwnerEntry): OwnerEntryInput {
  return { [e.subject]: e.code, ...(e.unit ? { unit: e.unit } : {}), ...(e.owner ? { owner: e.owner } : {}), updaters: e.updaters } as OwnerEntryInput;
}

export async function listOwnerFiles(db: Db): Promise<OwnerEntryInput[]> {
  return (await selectOwnerEntries(db)).map(ownerEntryToFile);
}

/** Creates or updates one entry (validated first); `unchanged` when the stored one says the same. */
export async function saveOwnerEntry(db: Db, actor: Actor, entry: OwnerEntryInput, options: { audit: boolean; validate: boolean }) {
  if (options.validate) {
    const issues = ownerIssues([entry], await knownNames(db), 'owner');
    if (issues.length) throw new DomainError('invalid_input', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  const key = await keyOf(db, entry);
  const existing = (await selectOwnerEntries(db)).find((e) => e.subject === (entry.indicator !== undefined ? 'indicator' : 'objective') && e.code === (entry.indicator ?? entry.objective) && e.unit === (entry.unit ?? null));
  const before = existing ? ownerEntryToFile(existing) : null;
  const after = ownerEntryToFile({ subject: entry.indicator !== undefined ? 'indicator' : 'objective', code: (entry.indicator ?? entry.objective)!, unit: entry.unit ?? null, unitPath: null, owner: entry.owner ?? null, updaters: entry.updaters });
  if (before && JSON.stringify(before) === JSON.stringify(after)) return { outcome: 'unchanged' as const, before, after };
  await upsertOwnership(db, key, entry.owner ?? null, entry.updaters);
  if (options.audit) await insertAudit(db, actor, { action: before ? 'update' : 'create', entity: 'owner', key: scopeLabel(entry), before, after });
  return { outcome: before ? ('updated' as const) : ('created' as const), before, after };
}

export async function removeOwnerEntry(db: Db, actor: Actor, entry: { indicator?: string; objective?: string; unit?: string | null }) {
  const key = await keyOf(db, entry);
  if (!(await deleteOwnership(db, key))) throw notFound(`No owner entry for ${scopeLabel(entry)}`);
  await insertAudit(db, actor, { action: 'delete', entity: 'owner', key: scopeLabel(entry), before: entry, after: null });
}

const scopeLabel = (e: { indicator?: string; objective?: string; unit?: string | null }) => `${e.indicator ?? e.objective}@${e.unit ?? '*'}`;

/** Ownership of every indicator and objective at one unit, as a lookup. */
export async function ownershipAt(db: Db, unitPath: string) {
  const resolved = resolveOwnership(await selectOwnerEntries(db), unitPath);
  return {
    indicator: (code: string): Ownership => resolved.get(subjectKey('indicator', code)) ?? NO_OWNER,
    objective: (code: string): Ownership => resolved.get(subjectKey('objective', code)) ?? NO_OWNER,
  };
}
