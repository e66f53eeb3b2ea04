/**
 * The mail outbox: rows are written in the transaction of the event that causes them
 * (notifyPeople), so nothing is sent for an event that rolled back and nothing is lost when
 * the SMTP server is down. `deliverOutbox` claims due rows with `FOR UPDATE SKIP LOCKED`
 * (another instance on the same PostgreSQL skips them), marks them `sending` with a lease,
 * sends outside any transaction and records the outcome. A failure the server may recover from
 * (connection refused, 4xx) is retried with exponential back-off for as long as it takes; a
 * permanent refusal (5xx) is recorded as `failed`. A row whose lease ran out (a process died
 * mid-send) is claimed again.
 */
import { sql } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import { renderDigest, renderNotification, renderReportMail, type MailNotification, type RenderedMail } from './render.ts';

export interface DeliveryOptions {
  transport: Transporter;
  from: string;
  publicUrl: string;
  batch?: number;
  /** First retry after this many seconds, doubling each attempt up to `maxBackoffSeconds`. */
  backoffSeconds?: number;
  maxBackoffSeconds?: number;
  leaseSeconds?: number;
}

export interface DeliveryResult {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  dropped: number;
  errors: string[];
}

interface ClaimedRow {
  id: number;
  user_id: number | null;
  to_address: string;
  kind: string;
  notification_id: number | null;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Due rows (pending and due, or sending with an expired lease), claimed for this process. */
export async function claimDue(db: Db, limit: number, leaseSeconds: number): Promise<ClaimedRow[]> {
  const { rows } = await sql<ClaimedRow>`
    update mail_outbox set status = 'sending', attempts = attempts + 1, lease_until = now() + make_interval(secs => ${leaseSeconds})
    where id in (
      select id from mail_outbox
      where (status = 'pending' and next_attempt_at <= now()) or (status = 'sending' and lease_until < now())
      order by id limit ${limit}
      for update skip locked)
    returning id, user_id, to_address, kind, notification_id, payload, attempts`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), user_id: r.user_id === null ? null : Number(r.user_id), notification_id: r.notification_id === null ? null : Number(r.notification_id), attempts: Number(r.attempts) }));
}

const notificationColumns = ['n.kind', 'u.code as unit', 'i.code as indicator', 'n.period', 'n.message', 'n.details', 'n.link', 'n.created_at as createdAt'] as const;

async function loadNotifications(db: Db, ids: number[]): Promise<MailNotification[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('notification as n')
    .leftJoin('org_unit as u', 'u.id', 'n.unit_id')
    .leftJoin('indicator as i', 'i.id', 'n.indicator_id')
    .select([...notificationColumns, 'n.id'])
    .where('n.id', 'in', ids)
    .orderBy('n.kind')
    .orderBy('n.id')
    .execute();
  return rows.map(({ id: _id, ...r }) => ({ ...r, details: (r.details ?? null) as Record<string, unknown> | null }));
}

/** The mail for a claimed row, or null when there is nothing to send any more (user disabled or gone). */
async function compose(db: Db, row: ClaimedRow, options: DeliveryOptions): Promise<(RenderedMail & { attachments?: { filename: string; content: Buffer; contentType: string }[] }) | null> {
  const user = row.user_id === null ? null : await db.selectFrom('app_user').select(['locale', 'disabled']).where('id', '=', row.user_id).executeTakeFirst();
  if (row.user_id !== null && (!user || user.disabled)) return null;
  const locale = user?.locale ?? String(row.payload.locale ?? 'en');
  if (row.kind === 'notification') {
    const [n] = await loadNotifications(db, [row.notification_id!]);
    return n ? renderNotification(n, locale, options.publicUrl) : null;
  }
  if (row.kind === 'digest') {
    const ids = (await db.selectFrom('notification_recipient').select('notification_id').where('digest_outbox_id', '=', row.id).execute()).map((r) => Number(r.notification_id));
    const items = await loadNotifications(db, ids);
    return items.length ? renderDigest(items, locale, options.publicUrl) : null;
  }
  const p = row.payload as { unit: string; period: string; locale: string; link: string; fileName: string; pdfBase64: string };
  return { ...renderReportMail(p.unit, p.period, p.locale, options.publicUrl, p.link), attachments: [{ filename: p.fileName, content: Buffer.from(p.pdfBase64, 'base64'), contentType: 'application/pdf' }] };
}

/** SMTP 5xx: the server will not accept this message however often it is tried. */
const isPermanent = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
};

export async function deliverOutbox(db: Db, options: DeliveryOptions): Promise<DeliveryResult> {
  const result: DeliveryResult = { claimed: 0, sent: 0, retrying: 0, failed: 0, dropped: 0, errors: [] };
  const claimed = await claimDue(db, options.batch ?? 50, options.leaseSeconds ?? 300);
  result.claimed = claimed.length;
  for (const row of claimed) {
    const mail = await compose(db, row, options);
    if (!mail) {
      await db.updateTable('mail_outbox').set({ status: 'dropped', lease_until: null, last_error: 'recipient disabled or nothing left to send' }).where('id', '=', row.id).execute();
      result.dropped++;
      continue;
    }
    try {
      const info = await options.transport.sendMail({ from: options.from, to: row.to_address, subject: mail.subject, text: mail.text, html: mail.html, attachments: mail.attachments, headers: { 'X-Northstar-Outbox': String(row.id) } });
      await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: new Date(), lease_until: null, message_id: info.messageId ?? null, last_error: null }).where('id', '=', row.id).execute();
      result.sent++;
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      result.errors.push(`#${row.id} ${row.to_address}: ${message}`);
      if (isPermanent(err)) {
        await db.updateTable('mail_outbox').set({ status: 'failed', lease_until: null, last_error: message }).where('id', '=', row.id).execute();
        result.failed++;
      } else {
        const delay = Math.min((options.backoffSeconds ?? 30) * 2 ** (row.attempts - 1), options.maxBackoffSeconds ?? 3600);
        await sql`update mail_outbox set status = 'pending', lease_until = null, last_error = ${message}, next_attempt_at = now() + make_interval(secs => ${delay}) where id = ${row.id}`.execute(db);
        result.retrying++;
      }
    }
  }
  return result;
}

/** `YYYY-MM-DD` and hour of `date` in `timezone`. */
function localDay(date: Date, timezone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

/**
 * Once a day (from `hour` o'clock in `timezone`): one digest row per person with daily
 * notifications not yet in a digest, holding all of them. The digest's key (person, day) makes
 * a second run the same day add nothing; what arrives later waits for the next day's digest.
 * Persons without an e-mail address (or disabled) get no digest; their notifications stay in the app.
 */
export async function buildDigests(db: Db, now: Date, timezone: string, hour: number): Promise<number> {
  const local = localDay(now, timezone);
  if (local.hour < hour) return 0;
  const { rows: waiting } = await sql<{ user_id: number; email: string }>`
    select distinct r.user_id, u.email from notification_recipient r join app_user u on u.id = r.user_id
    where r.delivery = 'daily' and r.digest_outbox_id is null and u.email is not null and not u.disabled and r.created_at <= ${now}`.execute(db);
  let created = 0;
  for (const w of waiting) {
    await db.transaction().execute(async (trx) => {
      const outbox = await trx
        .insertInto('mail_outbox')
        .values({ user_id: Number(w.user_id), to_address: w.email, kind: 'digest', payload: jsonb({ day: local.day }), dedupe_key: `digest:${w.user_id}:${local.day}` })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!outbox) return;
      // Rows claimed by a concurrent builder are skipped; they stay for it (or the next day).
      await sql`update notification_recipient set digest_outbox_id = ${outbox.id}
        where (notification_id, user_id) in (
          select notification_id, user_id from notification_recipient
          where user_id = ${w.user_id} and delivery = 'daily' and digest_outbox_id is null and created_at <= ${now}
          for update skip locked)`.execute(trx);
      created++;
    });
  }
  return created;
}

/** What the outbox holds, by status (for the job's details and the admin). */
export async function outboxCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('mail_outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
