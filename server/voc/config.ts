/**
 * The model file's `voc:` section (DESIGN.md §3 "VOC"): stored as one setting, read by every
 * VOC write and view. Validation of its shape lives in server/model/schema.ts; the references
 * it makes (feed indicators) are checked here.
 */
import type { Db } from '../db/database.ts';
import { selectSetting, upsertSetting } from '../periods/repository.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import type { ModelFile, VocCategoryInput, VocSection } from '../model/schema.ts';
import type { ExistingModel, ModelIssue } from '../model/validate.ts';
import type { VocFeedKey, VocSla } from '../scoring/voc.ts';

const SETTING_KEY = 'voc.config';

export interface VocConfig {
  timezone: string;
  categories: VocCategoryInput[];
  sla: VocSla;
  feeds: Partial<Record<VocFeedKey, string>>;
  /** Every category code (at any depth) → its name. */
  categoryNames: Map<string, VocCategoryInput['name']>;
}

/** Without a `voc:` section VOC still works: one "other" category, no SLA, no feeds. */
const DEFAULT_SECTION: VocSection = { timezone: 'UTC', categories: [{ code: 'OTHER', name: { ko: '기타', en: 'Other' } }], sla: {}, feeds: {} };

export async function loadVocSection(db: Db): Promise<VocSection | null> {
  return ((await selectSetting(db, SETTING_KEY)) as VocSection | null) ?? null;
}

export async function loadVocConfig(db: Db): Promise<VocConfig> {
  const section = (await loadVocSection(db)) ?? DEFAULT_SECTION;
  const categoryNames = new Map<string, VocCategoryInput['name']>();
  const walk = (list: VocCategoryInput[]) =>
    list.forEach((c) => {
      categoryNames.set(c.code, c.name);
      if (c.children) walk(c.children);
    });
  walk(section.categories);
  return { timezone: section.timezone, categories: section.categories, sla: section.sla as VocSla, feeds: section.feeds, categoryNames };
}

const canonical = (v: unknown) => JSON.stringify(v);

export async function saveVocSection(db: Db, section: VocSection): Promise<{ changed: boolean; before: VocSection | null }> {
  const before = await loadVocSection(db);
  if (before && canonical(before) === canonical(section)) return { changed: false, before };
  await upsertSetting(db, SETTING_KEY, section);
  // scorecards name the feed behind VOC indicators (vocFeed): cached reads must see the change
  await bumpDataVersion(db);
  return { changed: true, before };
}

/** Feed indicators exist (in the file or the database) and are entered, not computed by a formula. */
export function vocSectionIssues(file: ModelFile, existing: ExistingModel): ModelIssue[] {
  if (!file.voc) return [];
  const indicators = new Map<string, string | null>(existing.indicators.map((i) => [i.code, i.formula]));
  for (const i of file.indicators) indicators.set(i.code, i.formula ?? null);
  const issues: ModelIssue[] = [];
  for (const [feed, code] of Object.entries(file.voc.feeds)) {
    if (!indicators.has(code!)) issues.push({ path: `voc.feeds.${feed}`, message: `unknown indicator "${code}"` });
    else if (indicators.get(code!)) issues.push({ path: `voc.feeds.${feed}`, message: `"${code}" is computed by a formula; a feed needs an entered indicator (a count with aggregation sum)` });
  }
  return issues;
}

/** A category's name in a locale (the plain string, the locale's entry, else the first one). */
export function localName(name: VocCategoryInput['name'] | undefined, locale = 'ko'): string | null {
  if (name === undefined) return null;
  if (typeof name === 'string') return name;
  return name[locale] ?? name.en ?? Object.values(name)[0] ?? null;
}
