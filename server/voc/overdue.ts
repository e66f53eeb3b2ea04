/**
 * What the nightly `voc-feeds` job does: records that passed their SLA deadline while nobody
 * touched them now count as due (and missed), so the feeds of their months are rewritten; the
 * owner of the unit hears of each complaint that went overdue (once).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Actor } from '../audit/repository.ts';
import { notifyPeople, userIdsByUsername, usersWithRoleOver } from '../notifications/people.ts';
import { ownershipAt } from '../owners/service.ts';
import { loadVocConfig } from './config.ts';
import { writeVocFeeds } from './feeds.ts';
import { markOverdueNotified, selectNewlyOverdue } from './repository.ts';
import { vocLink } from './workflow.ts';

export interface OverdueResult {
  records: number;
  cells: number;
  changed: number;
  notified: number;
  lockedCells: { unit: string; period: string }[];
  notices: string[];
}

/**
 * The owner of a unit's VOC: the owner of its SLA feed indicator there (model `owners:`), else
 * the managers of the unit (granted on it or above).
 */
async function unitOwners(db: Db, unitPath: string, indicator: string | undefined): Promise<number[]> {
  if (indicator) {
    const owner = (await ownershipAt(db, unitPath)).indicator(indicator).owner;
    if (owner) {
      const id = (await userIdsByUsername(db, [owner])).get(owner);
      if (id !== undefined) return [id];
    }
  }
  return usersWithRoleOver(db, unitPath, ['manager']);
}

export async function refreshOverdueVoc(db: Db, actor: Actor, now = new Date()): Promise<OverdueResult> {
  const config = await loadVocConfig(db);
  const overdue = await selectNewlyOverdue(db, now);
  const feeds = await writeVocFeeds(db, actor, config, overdue.map((r) => ({ unitId: r.unitId, month: r.month })), now);
  const toTell = overdue.filter((r) => r.type === 'complaint' && !r.overdueNotified);
  let notified = 0;
  if (toTell.length) {
    const units = new Map((await sql<{ id: number; code: string; path: string }>`select id, code, path from org_unit where id = any(${[...new Set(toTell.map((r) => r.unitId))]}::int[])`.execute(db)).rows.map((u) => [Number(u.id), u]));
    const owners = new Map<number, number[]>();
    for (const r of toTell) {
      const unit = units.get(r.unitId)!;
      if (!owners.has(r.unitId)) owners.set(r.unitId, await unitOwners(db, unit.path, config.feeds.slaMet ?? config.feeds.slaDue));
      notified += await notifyPeople(db, {
        kind: 'voc_overdue',
        severity: 'warning',
        unitId: r.unitId,
        indicatorId: null,
        period: r.month,
        message: `Complaint ${r.id} at ${unit.code} passed its SLA deadline unresolved`,
        details: { voc: r.id },
        dedupeKey: `voc_overdue:${r.id}`,
        link: vocLink(r.id),
        recipients: owners.get(r.unitId)!,
      });
    }
    await markOverdueNotified(db, toTell.map((r) => r.id));
  }
  return { records: overdue.length, cells: feeds.cells, changed: feeds.changed, notified, lockedCells: feeds.lockedCells, notices: feeds.notices };
}
