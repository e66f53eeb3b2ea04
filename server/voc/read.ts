/**
 * Reading VOC: lists (with the drill from a feed measurement to its records), one record with
 * its history, the summary (volume, SLA, Pareto of categories and root causes). Every answer
 * follows access.ts: customer masked unless the reader may resolve, text only inside the
 * responsible unit's subtree.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Principal } from '../auth/policy.ts';
import { allowedRoots } from '../auth/policy.ts';
import { hoursLeft, maskCustomer, type VocFeedKey } from '../scoring/voc.ts';
import { localName, loadVocConfig, type VocConfig } from './config.ts';
import type { VocCategoryInput } from '../model/schema.ts';
import { selectHistory, toVocRow, VOC_COLUMNS, type VocRow } from './repository.ts';
import { vocAccess } from './access.ts';

export interface VocRecordView {
  id: string;
  receivedAt: string;
  channel: string;
  type: string;
  category: string;
  categoryName: string | null;
  unit: string;
  unitName: string;
  severity: string;
  customer: string | null;
  text: string | null;
  status: string;
  assignee: string | null;
  assigneeName: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  rootCause: string | null;
  repeatOf: string | null;
  isRepeat: boolean;
  deadline: string | null;
  hoursLeft: number | null;
  overdue: boolean;
}

export interface VocListFilter {
  unit?: string;
  from?: string;
  to?: string;
  status?: string;
  type?: string;
  category?: string;
  rootCause?: string;
  overdue?: boolean;
  feed?: VocFeedKey;
  period?: string;
  q?: string;
  limit: number;
  offset: number;
}

type Row = VocRow & { unitCode: string; unitName: unknown; unitPath: string; assigneeName: string | null };

const nameOf = (name: unknown, locale: string) => (typeof name === 'string' ? name : (localName(name as Record<string, string>, locale) ?? ''));

export function toView(r: Row, config: VocConfig, principal: Principal | null, now: Date): VocRecordView {
  const access = vocAccess(principal);
  const locale = principal?.locale ?? 'ko';
  const open = r.resolvedAt === null;
  return {
    id: r.id,
    receivedAt: r.receivedAt.toISOString(),
    channel: r.channel,
    type: r.type,
    category: r.category,
    categoryName: localName(config.categoryNames.get(r.category), locale),
    unit: r.unitCode,
    unitName: nameOf(r.unitName, locale),
    severity: r.severity,
    customer: access.canResolve(r.unitPath) ? r.customer : maskCustomer(r.customer),
    text: access.canReadText(r.unitPath) ? r.text : null,
    status: r.status,
    assignee: r.assignee,
    assigneeName: r.assigneeName,
    resolvedAt: r.resolvedAt ? r.resolvedAt.toISOString() : null,
    resolution: access.canReadText(r.unitPath) ? r.resolution : null,
    rootCause: r.rootCause,
    repeatOf: r.repeatOf,
    isRepeat: r.isRepeat,
    deadline: r.deadline ? r.deadline.toISOString() : null,
    hoursLeft: hoursLeft(r.deadline, r.resolvedAt, now),
    overdue: open && r.deadline !== null && r.deadline.getTime() < now.getTime(),
  };
}

/** Category codes at or below `code` in the tree. */
export function categorySubtree(categories: VocCategoryInput[], code: string): string[] {
  const out: string[] = [];
  const walk = (list: VocCategoryInput[], inside: boolean) =>
    list.forEach((c) => {
      const here = inside || c.code === code;
      if (here) out.push(c.code);
      if (c.children) walk(c.children, here);
    });
  walk(categories, false);
  return out.length ? out : [code];
}

const FEED_CONDITION: Record<VocFeedKey, RawBuilder<unknown>> = {
  received: sql`true`,
  complaints: sql`r.type = 'complaint'`,
  slaDue: sql`r.feed_due`,
  slaMet: sql`r.deadline is not null and r.resolved_at is not null and r.resolved_at <= r.deadline`,
  resolved: sql`r.resolved_at is not null`,
  resolutionHours: sql`r.resolved_at is not null`,
  repeats: sql`r.type = 'complaint' and r.is_repeat`,
};

/** The readable units: the unit asked for (its subtree) within the reader's scorecard:read roots. */
function scopeCondition(principal: Principal | null, unitPath: string | null): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (unitPath) parts.push(sql`u.path like ${unitPath + '%'}`);
  if (principal) {
    const roots = allowedRoots(principal, 'scorecard:read');
    parts.push(sql`u.path like any(${roots.map((r) => r + '%')}::text[])`);
  }
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

async function unitPathOf(db: Db, code: string | undefined): Promise<string | null> {
  if (!code) return null;
  const { rows } = await sql<{ path: string }>`select path from org_unit where code = ${code}`.execute(db);
  return rows[0]?.path ?? '\u0000none';
}

export async function listVoc(db: Db, principal: Principal | null, f: VocListFilter, now = new Date()): Promise<{ total: number; items: VocRecordView[] }> {
  const config = await loadVocConfig(db);
  const where: RawBuilder<unknown>[] = [scopeCondition(principal, await unitPathOf(db, f.unit))];
  if (f.from) where.push(sql`r.month >= ${f.from}`);
  if (f.to) where.push(sql`r.month <= ${f.to}`);
  if (f.period) where.push(sql`r.month = ${f.period}`);
  if (f.status) where.push(sql`r.status = any(${f.status.split(',')}::text[])`);
  if (f.type) where.push(sql`r.type = any(${f.type.split(',')}::text[])`);
  if (f.category) where.push(sql`r.category = any(${categorySubtree(config.categories, f.category)}::text[])`);
  if (f.rootCause) where.push(sql`r.root_cause = ${f.rootCause}`);
  if (f.overdue) where.push(sql`r.resolved_at is null and r.deadline < ${now.toISOString()}::timestamptz`);
  if (f.feed) where.push(FEED_CONDITION[f.feed]);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    // Text is searched only where the reader may read it (access.ts).
    const textOk = principal ? textVisibleCondition(principal) : sql`true`;
    where.push(sql`(r.id ilike ${like} or (${textOk} and r.text ilike ${like}))`);
  }
  const cond = sql.join(where, sql` and `);
  const { rows: countRows } = await sql<{ n: number }>`select count(*)::int as n from voc_record r join org_unit u on u.id = r.unit_id where ${cond}`.execute(db);
  const { rows } = await sql`
    select ${VOC_COLUMNS}, u.code as "unitCode", u.name as "unitName", u.path as "unitPath", a.display_name as "assigneeName"
    from voc_record r join org_unit u on u.id = r.unit_id left join app_user a on a.username = r.assignee
    where ${cond} order by r.received_at desc, r.id limit ${f.limit} offset ${f.offset}`.execute(db);
  return { total: Number(countRows[0].n), items: rows.map((r: any) => toView({ ...toVocRow(r), unitCode: r.unitCode, unitName: r.unitName, unitPath: r.unitPath, assigneeName: r.assigneeName }, config, principal, now)) };
}

function textVisibleCondition(principal: Principal): RawBuilder<unknown> {
  const writes = !principal.scopes || principal.scopes.includes('measurement:write');
  const resolverRoots = writes ? principal.grants.filter((g) => ['admin', 'manager', 'contributor'].includes(g.role)).map((g) => g.unitPath + '%') : [];
  const grantPaths = principal.grants.map((g) => g.unitPath);
  return sql`(u.path like any(${resolverRoots}::text[]) or exists (select 1 from unnest(${grantPaths}::text[]) as gp(path) where gp.path like u.path || '%'))`;
}

/** One record (null when it does not exist or lies outside the reader's units). */
export async function getVoc(db: Db, principal: Principal | null, id: string, now = new Date()) {
  const config = await loadVocConfig(db);
  const { rows } = await sql`
    select ${VOC_COLUMNS}, u.code as "unitCode", u.name as "unitName", u.path as "unitPath", a.display_name as "assigneeName"
    from voc_record r join org_unit u on u.id = r.unit_id left join app_user a on a.username = r.assignee
    where r.id = ${id} and ${scopeCondition(principal, null)}`.execute(db);
  if (!rows.length) return null;
  const r: any = rows[0];
  const view = toView({ ...toVocRow(r), unitCode: r.unitCode, unitName: r.unitName, unitPath: r.unitPath, assigneeName: r.assigneeName }, config, principal, now);
  const history = (await selectHistory(db, id)).map((h) => ({ at: h.at.toISOString(), by: h.by, from: h.from, to: h.to, note: h.note }));
  return { ...view, history, unitPath: r.unitPath as string };
}

export interface VocSummary {
  months: { period: string; received: number; byType: { complaint: number; inquiry: number; suggestion: number; praise: number }; slaDue: number; slaMet: number; slaRate: number | null }[];
  categories: { code: string; name: string | null; count: number; share: number; cumulativeShare: number }[];
  rootCauses: { code: string; count: number; share: number; cumulativeShare: number }[];
  open: number;
  overdue: number;
}

/** Pareto rows: by count descending, each with its share and the running share (the 80/20). */
function pareto<T extends { count: number }>(rows: T[]): (T & { share: number; cumulativeShare: number })[] {
  const total = rows.reduce((s, r) => s + r.count, 0);
  let running = 0;
  return [...rows]
    .sort((a, b) => b.count - a.count)
    .map((r) => {
      running += r.count;
      return { ...r, share: total ? Math.round((r.count / total) * 1000) / 10 : 0, cumulativeShare: total ? Math.round((running / total) * 1000) / 10 : 0 };
    });
}

export async function vocSummary(db: Db, principal: Principal | null, f: { unit?: string; from?: string; to?: string }, now = new Date()): Promise<VocSummary> {
  const config = await loadVocConfig(db);
  const where: RawBuilder<unknown>[] = [scopeCondition(principal, await unitPathOf(db, f.unit))];
  if (f.from) where.push(sql`r.month >= ${f.from}`);
  if (f.to) where.push(sql`r.month <= ${f.to}`);
  const cond = sql.join(where, sql` and `);
  const nowIso = now.toISOString();
  const { rows: months } = await sql<any>`
    select r.month, count(*)::int as received,
      count(*) filter (where r.type = 'complaint')::int as complaint, count(*) filter (where r.type = 'inquiry')::int as inquiry,
      count(*) filter (where r.type = 'suggestion')::int as suggestion, count(*) filter (where r.type = 'praise')::int as praise,
      count(*) filter (where r.deadline is not null and (r.resolved_at is not null or r.deadline < ${nowIso}::timestamptz))::int as sla_due,
      count(*) filter (where r.deadline is not null and r.resolved_at is not null and r.resolved_at <= r.deadline)::int as sla_met
    from voc_record r join org_unit u on u.id = r.unit_id where ${cond} group by r.month order by r.month`.execute(db);
  const { rows: cats } = await sql<any>`select r.category as code, count(*)::int as count from voc_record r join org_unit u on u.id = r.unit_id where ${cond} and r.type = 'complaint' group by r.category`.execute(db);
  const { rows: causes } = await sql<any>`select r.root_cause as code, count(*)::int as count from voc_record r join org_unit u on u.id = r.unit_id where ${cond} and r.root_cause is not null group by r.root_cause`.execute(db);
  const { rows: openRows } = await sql<any>`
    select count(*) filter (where r.resolved_at is null)::int as open, count(*) filter (where r.resolved_at is null and r.deadline < ${nowIso}::timestamptz)::int as overdue
    from voc_record r join org_unit u on u.id = r.unit_id where ${scopeCondition(principal, await unitPathOf(db, f.unit))}`.execute(db);
  const locale = principal?.locale ?? 'ko';
  return {
    months: months.map((m) => ({
      period: m.month,
      received: Number(m.received),
      byType: { complaint: Number(m.complaint), inquiry: Number(m.inquiry), suggestion: Number(m.suggestion), praise: Number(m.praise) },
      slaDue: Number(m.sla_due),
      slaMet: Number(m.sla_met),
      slaRate: Number(m.sla_due) ? Math.round((Number(m.sla_met) / Number(m.sla_due)) * 1000) / 10 : null,
    })),
    categories: pareto(cats.map((c) => ({ code: c.code as string, name: localName(config.categoryNames.get(c.code), locale), count: Number(c.count) }))),
    rootCauses: pareto(causes.map((c) => ({ code: c.code as string, count: Number(c.count) }))),
    open: Number(openRows[0].open),
    overdue: Number(openRows[0].overdue),
  };
}
