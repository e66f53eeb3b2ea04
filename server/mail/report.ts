/**
 * Report distribution: once a unit's month is locked, the management report PDF is queued in the
 * mail outbox for each recipient (an e-mail address or a username), once per recipient and month.
 */
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import { selectEffectiveLock } from '../periods/repository.ts';
import { selectUnitByCode } from '../units/repository.ts';
import { renderReport } from '../reports/service.ts';
import type { Window } from '../scoring/types.ts';

export interface ReportMailInput {
  job: string;
  recipients: string[];
  unit: string;
  period: string;
  window: Window;
  locale: 'en' | 'ko';
}

export async function queueReportMail(db: Db, input: ReportMailInput) {
  const unit = await selectUnitByCode(db, input.unit);
  if (!unit) throw new Error(`unknown unit "${input.unit}"`);
  const lock = await selectEffectiveLock(db, unit.path, input.period);
  if (!lock) return { locked: false, queued: 0, skipped: input.recipients.length };
  const addresses: { address: string; userId: number | null }[] = [];
  for (const r of input.recipients) {
    if (r.includes('@') && !(await db.selectFrom('app_user').select('id').where('username', '=', r).executeTakeFirst())) {
      addresses.push({ address: r, userId: null });
      continue;
    }
    const user = await db.selectFrom('app_user').select(['id', 'email', 'disabled']).where('username', '=', r).executeTakeFirst();
    if (user?.email && !user.disabled) addresses.push({ address: user.email, userId: Number(user.id) });
  }
  const key = (a: string) => `report:${input.job}:${input.unit}:${input.period}:${a.toLowerCase()}`;
  const pending = [];
  for (const a of addresses) if (!(await db.selectFrom('mail_outbox').select('id').where('dedupe_key', '=', key(a.address)).executeTakeFirst())) pending.push(a);
  if (pending.length === 0) return { locked: true, queued: 0, skipped: input.recipients.length };
  const file = await renderReport(db, { unit: input.unit, period: input.period, window: input.window, format: 'pdf', locale: input.locale });
  const link = `/overview?unit=${encodeURIComponent(input.unit)}&period=${input.period}&window=${input.window}`;
  let queued = 0;
  for (const a of pending) {
    const row = await db
      .insertInto('mail_outbox')
      .values({ user_id: a.userId, to_address: a.address, kind: 'report', payload: jsonb({ unit: input.unit, period: input.period, locale: input.locale, link, fileName: file.fileName, pdfBase64: file.body.toString('base64') }), dedupe_key: key(a.address) })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) queued++;
  }
  return { locked: true, queued, skipped: input.recipients.length - queued };
}
