import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp, type TestClient } from '../../helpers/app.ts';
import { importModelFile, measure, testActor } from '../../helpers/model.ts';
import { startSmtp } from '../../helpers/smtp.ts';
import { saveJob, runJob } from '../jobs/support.ts';
import { importModel } from '../../../server/model/service.ts';
import { openDatabase } from '../../../server/db/database.ts';
import { buildDigests, deliverOutbox } from '../../../server/mail/outbox.ts';
import type { Db } from '../../../server/db/database.ts';

const PUBLIC = 'https://northstar.example.com';

describe.each(testDatabaseKinds())('notifications by e-mail through the outbox (%s)', (kind) => {
  const app = useTestApp(kind);
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.stop();
  });
  const deliver = (db: Db = app.db, batch = 50) => deliverOutbox(db, { transport: smtp.transport(), from: 'Northstar <ns@example.com>', publicUrl: PUBLIC, batch, backoffSeconds: 30 });
  const email = (user: string) => `${user}@example.com`;

  let lee: TestClient;
  beforeEach(async () => {
    smtp.received.length = 0;
    await importModelFile(app.db, 'org-tree.yaml');
    await app.db.transaction().execute((trx) => importModel(trx, testActor, { targets: [{ indicator: 'REV', unit: 'E1', period: 2026, target: 1200 }] }));
    await measure(app.db, [['REV', 'E1', '2026-02', 90]]);
    await app.user('lee', [{ role: 'contributor', unit: 'E1' }]);
    await app.user('kim', [{ role: 'manager', unit: 'EAST' }]);
    await app.user('park', [{ role: 'viewer', unit: 'EAST' }]);
    await app.user('west', [{ role: 'viewer', unit: 'WEST' }]);
    await app.user('gone', [{ role: 'manager', unit: 'EAST' }]);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    const boss = await app.signIn('boss');
    for (const u of ['lee', 'kim', 'park', 'west', 'gone', 'boss']) expect((await boss.patch(`/api/v1/users/${u}/profile`, { email: email(u) })).status).toBe(200);
    expect((await boss.patch('/api/v1/users/gone/profile', { disabled: true })).status).toBe(200);
    lee = await app.signIn('lee');
  });

  const comment = (client: TestClient, body: string, extra: Record<string, unknown> = {}) =>
    client.post('/api/v1/comments', { indicator: 'REV', unit: 'E1', period: '2026-02', kind: 'analysis', body, ...extra });

  it('when a contributor mentions a manager, then one mail arrives for them, in their language, linking to the exact view', async () => {
    const kim = await app.signIn('kim');
    expect((await kim.put('/api/v1/me/profile', { locale: 'ko' })).status).toBe(200);
    const posted = await comment(lee, 'February missed: two stores closed for refits. @kim please check @kim, @west and @gone too');
    expect(posted.status).toBe(201);
    expect(posted.body.mentions).toEqual(['kim']); // west cannot read E1, gone is disabled
    expect((await deliver()).sent).toBe(1);
    expect((await deliver()).claimed).toBe(0);
    const mails = smtp.to(email('kim'));
    expect(mails).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
    expect(mails[0].subject).toBe('Northstar: lee님이 REV · E1 · 2026-02에서 회원님을 언급했습니다');
    const link = `${PUBLIC}/indicator/REV?unit=E1&period=2026-02&window=month&comment=${posted.body.id}`;
    expect(mails[0].text).toContain(link);
    expect(mails[0].text).toContain('February missed');
    expect(mails[0].html).toContain(link.replace(/&/g, '&amp;'));
    const inbox = await kim.get('/api/v1/me/notifications');
    expect(inbox.body).toMatchObject({ unread: 1, mentions: 1, items: [{ kind: 'mention', indicator: 'REV', unit: 'E1', period: '2026-02', readAt: null }] });
    expect((await kim.post('/api/v1/me/notifications/read', { all: true })).body).toMatchObject({ marked: 1, unread: 0 });
    expect((await (await app.signIn('west')).get('/api/v1/me/notifications')).body.items).toEqual([]);
  });

  it('when someone replies, then the thread’s author is told; a reader who may not write cannot comment', async () => {
    const first = await comment(lee, 'Why did February drop?');
    const kim = await app.signIn('kim');
    const reply = await comment(kim, 'Refits at two stores; back in April.', { kind: 'action', replyTo: first.body.id });
    expect(reply.status).toBe(201);
    await deliver();
    expect(smtp.to(email('lee')).map((m) => m.subject)).toEqual(['Northstar: kim replied on REV · E1 · 2026-02']);
    const park = await app.signIn('park');
    expect((await comment(park, 'me too')).status).toBe(403);
    expect((await comment(lee, 'wrong thread', { period: '2026-03', replyTo: first.body.id })).status).toBe(422);
    const listed = await park.get('/api/v1/comments?indicator=REV&unit=E1&from=2026-01&to=2026-03');
    expect(listed.body.comments.map((c: any) => [c.kind, c.author, c.replyTo])).toEqual([['analysis', 'lee', null], ['action', 'kim', first.body.id]]);
    expect((await (await app.signIn('west')).get('/api/v1/comments?unit=E1&from=2026-01&to=2026-03')).status).toBe(403);
  });

  it('keeps every edit of a comment, and tells only the people newly mentioned', async () => {
    const first = await comment(lee, 'Draft analysis @kim');
    const edited = await lee.patch(`/api/v1/comments/${first.body.id}`, { body: 'Final analysis @kim @park' });
    expect(edited.body).toMatchObject({ edited: true, mentions: ['kim', 'park'] });
    expect((await (await app.signIn('kim')).patch(`/api/v1/comments/${first.body.id}`, { body: 'hijack' })).status).toBe(403);
    const history = await lee.get(`/api/v1/comments/${first.body.id}/history`);
    expect(history.body.revisions.map((r: any) => r.body)).toEqual(['Draft analysis @kim']);
    await deliver();
    expect(smtp.to(email('kim'))).toHaveLength(1);
    expect(smtp.to(email('park'))).toHaveLength(1);
  });

  it('when the SMTP server is down, then the outbox holds the mail with a growing back-off and delivers it once when it is back', async () => {
    await smtp.stop();
    await comment(lee, 'Please look @kim');
    const down = await deliver();
    expect(down).toMatchObject({ claimed: 1, sent: 0, retrying: 1 });
    const row = (await sql<{ status: string; attempts: number; wait: number; last_error: string }>`select status, attempts, extract(epoch from next_attempt_at - now())::float as wait, last_error from mail_outbox`.execute(app.db)).rows[0];
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.wait).toBeGreaterThan(20);
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect((await deliver()).claimed).toBe(0); // not due yet
    await sql`update mail_outbox set next_attempt_at = now()`.execute(app.db);
    expect(await deliver()).toMatchObject({ retrying: 1 });
    expect((await sql<{ wait: number }>`select extract(epoch from next_attempt_at - now())::float as wait from mail_outbox`.execute(app.db)).rows[0].wait).toBeGreaterThan(50);
    await smtp.start();
    await sql`update mail_outbox set next_attempt_at = now()`.execute(app.db);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(await deliver()).toMatchObject({ claimed: 0 });
    expect(smtp.to(email('kim'))).toHaveLength(1);
  });

  it('groups the notifications of those who chose a daily digest into one mail a day', async () => {
    const kim = await app.signIn('kim');
    await kim.put('/api/v1/me/profile', { notifications: { mention: 'daily', comment_reply: 'daily' } });
    const mine = await comment(kim, 'Our own analysis');
    await comment(lee, 'First @kim');
    await comment(lee, 'Second @kim');
    await comment(lee, 'Answer', { replyTo: mine.body.id });
    await deliver();
    expect(smtp.to(email('kim'))).toEqual([]);
    expect(await buildDigests(app.db, new Date(), 'UTC', 0)).toBe(1);
    expect(await buildDigests(app.db, new Date(), 'UTC', 0)).toBe(0);
    await deliver();
    const [digest, ...rest] = smtp.to(email('kim'));
    expect(rest).toEqual([]);
    expect(digest.subject).toBe('Northstar: 3 notifications today');
    expect(digest.text).toMatch(/lee replied on REV · E1 · 2026-02[\s\S]*lee mentioned you on REV · E1 · 2026-02[\s\S]*lee mentioned you on REV · E1 · 2026-02/);
    expect((await kim.get('/api/v1/me/notifications')).body.unread).toBe(3);
  });

  it('keeps each person’s choice: in the app only means no mail; a user disabled after the event gets nothing', async () => {
    const park = await app.signIn('park');
    await park.put('/api/v1/me/profile', { notifications: { mention: 'app' } });
    await comment(lee, '@park @kim FYI');
    const boss = await app.signIn('boss');
    await boss.patch('/api/v1/users/kim/profile', { disabled: true });
    expect(await deliver()).toMatchObject({ sent: 0, dropped: 1 });
    expect(smtp.received).toEqual([]);
    expect((await park.get('/api/v1/me/notifications')).body.unread).toBe(1);
  });

  it('tells those who may approve when a month is submitted, through the mail job', async () => {
    app.ctx.config.mail = { smtpUrl: smtp.url, from: 'Northstar <ns@example.com>', publicUrl: PUBLIC };
    expect((await lee.post('/api/v1/periods/E1/2026-02/submit', {})).status).toBe(200);
    await saveJob(app.db, { name: 'mail', kind: 'mail', config: {} });
    const run = await runJob(app.ctx, 'mail');
    expect(run.status).toBe('succeeded');
    expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual([email('boss'), email('kim')]);
    expect(smtp.to(email('kim'))[0].text).toContain(`${PUBLIC}/close?unit=E1&period=2026-02`);
    app.ctx.config.mail = { smtpUrl: null, from: 'x@example.com', publicUrl: PUBLIC };
  });

  it('e-mails the management report PDF once the month is locked, once per recipient', async () => {
    await saveJob(app.db, { name: 'board-report', kind: 'report-mail', config: { recipients: ['kim', 'cfo@example.com', 'gone'], unit: 'E1', window: 'month', locale: 'en' } });
    expect((await runJob(app.ctx, 'board-report', '2026-02')).outcome).toMatchObject({ rowsAccepted: 0, details: { locked: false } });
    const boss = await app.signIn('boss');
    expect((await boss.post('/api/v1/periods/E1/2026-02/lock', { reason: 'month closed' })).status).toBe(200);
    expect((await runJob(app.ctx, 'board-report', '2026-02')).outcome).toMatchObject({ rowsAccepted: 2 });
    expect((await runJob(app.ctx, 'board-report', '2026-02')).outcome).toMatchObject({ rowsAccepted: 0 });
    await deliver();
    expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual(['cfo@example.com', email('kim')]);
    const mail = smtp.to('cfo@example.com')[0];
    expect(mail.subject).toBe('Management report E1 2026-02');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([['northstar-report-E1-2026-02.pdf', 'application/pdf']]);
    expect(mail.attachments[0].content.subarray(0, 5).toString()).toBe('%PDF-');
  });

  if (kind === 'postgres') {
    it('when two server instances drain one outbox at once, then every recipient gets each mail exactly once', async () => {
      for (let i = 0; i < 12; i++) await comment(lee, `Note ${i} @kim @park @boss`);
      expect(Number((await sql<{ n: number }>`select count(*)::int as n from mail_outbox`.execute(app.db)).rows[0].n)).toBe(36);
      const second = await openDatabase({ url: app.handle.url, dataDir: '' });
      try {
        const drain = async (db: Db) => {
          let sent = 0;
          for (;;) {
            const r = await deliver(db, 3);
            sent += r.sent;
            if (r.claimed === 0) return sent;
          }
        };
        const [a, b] = await Promise.all([drain(app.db), drain(second.db)]);
        expect(a + b).toBe(36);
        expect(a).toBeGreaterThan(0);
        expect(b).toBeGreaterThan(0);
      } finally {
        await second.close();
      }
      const ids = smtp.received.map((m) => m.headers.get('x-northstar-outbox'));
      expect(new Set(ids).size).toBe(36);
      expect(smtp.received).toHaveLength(36);
      for (const u of ['kim', 'park', 'boss']) expect(smtp.to(email(u))).toHaveLength(12);
    });
  }
});
