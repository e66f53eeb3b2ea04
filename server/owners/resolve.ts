/**
 * Which owner entry holds for a unit (pure): among the entries for one subject, the one whose
 * unit is the unit itself or its nearest ancestor; an entry without a unit holds everywhere
 * and loses to any entry with one. The winning entry replaces the wider one as a whole (owner
 * and updaters), so a subtree can name different updaters without repeating the owner's.
 */
export interface OwnerEntry {
  subject: 'indicator' | 'objective';
  code: string;
  /** null: the whole organisation. */
  unit: string | null;
  /** Materialized path of `unit` (`/1/4/`), null for the whole organisation. */
  unitPath: string | null;
  owner: string | null;
  updaters: string[];
}

export interface Ownership {
  owner: string | null;
  updaters: string[];
  /** The unit of the entry that holds (null: the organisation-wide entry). */
  from: string | null;
}

export const subjectKey = (subject: 'indicator' | 'objective', code: string) => `${subject}:${code}`;

/** Every subject's ownership at the unit with `unitPath`, keyed by `subjectKey`. */
export function resolveOwnership(entries: OwnerEntry[], unitPath: string): Map<string, Ownership> {
  const best = new Map<string, OwnerEntry>();
  for (const entry of entries) {
    if (entry.unitPath !== null && !unitPath.startsWith(entry.unitPath)) continue;
    const key = subjectKey(entry.subject, entry.code);
    const current = best.get(key);
    if (!current || depthOf(entry) > depthOf(current)) best.set(key, entry);
  }
  return new Map([...best].map(([key, e]) => [key, { owner: e.owner, updaters: e.updaters, from: e.unit }]));
}

const depthOf = (e: OwnerEntry) => (e.unitPath === null ? 0 : e.unitPath.length);

export const NO_OWNER: Ownership = { owner: null, updaters: [], from: null };
