/**
 * Notification e-mails (pure): subject, plain text and HTML in the recipient's language (ko or
 * en), each with a link to the exact view in the web app.
 */
export interface MailNotification {
  kind: string;
  unit: string | null;
  indicator: string | null;
  period: string | null;
  message: string;
  details: Record<string, unknown> | null;
  link: string | null;
  createdAt: Date;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Locale = 'en' | 'ko';
const localeOf = (l: string | null | undefined): Locale => (l === 'ko' ? 'ko' : 'en');

const STATUS: Record<Locale, Record<string, string>> = {
  en: { on_track: 'on track', at_risk: 'at risk', off_track: 'off track', no_data: 'no data' },
  ko: { on_track: '정상', at_risk: '주의', off_track: '미달', no_data: '데이터 없음' },
};

const where = (n: MailNotification) => [n.indicator, n.unit, n.period].filter(Boolean).join(' · ');
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** One line saying what happened, in the recipient's language. */
export function headline(n: MailNotification, locale: string): string {
  const l = localeOf(locale);
  const d = n.details ?? {};
  const author = str(d.authorName || d.author);
  const status = (s: unknown) => STATUS[l][str(s)] ?? str(s);
  switch (n.kind) {
    case 'mention':
      return l === 'ko' ? `${author}님이 ${where(n)}에서 회원님을 언급했습니다` : `${author} mentioned you on ${where(n)}`;
    case 'comment_reply':
      return l === 'ko' ? `${author}님이 ${where(n)}의 의견에 답글을 남겼습니다` : `${author} replied on ${where(n)}`;
    case 'status_worsened':
      return l === 'ko'
        ? `${n.unit}의 ${n.indicator} 상태가 ${n.period}에 ${status(d.from)}에서 ${status(d.to)}(으)로 나빠졌습니다`
        : `${n.indicator} at ${n.unit} went from ${status(d.from)} to ${status(d.to)} in ${n.period}`;
    case 'off_track_without_initiative':
      return l === 'ko'
        ? `${n.unit}의 ${n.indicator}이(가) ${n.period}에 목표 미달이 되었고, 이 지표를 다루는 진행 중인 개선활동이 없습니다`
        : `${n.indicator} at ${n.unit} turned off track in ${n.period} and no open initiative targets it`;
    case 'submission_late':
      return l === 'ko' ? `${n.unit}의 ${n.period} 실적이 제출되지 않았습니다 (마감 ${str(d.deadline)})` : `${n.unit} has not submitted ${n.period}; the deadline was ${str(d.deadline)}`;
    case 'approval_waiting':
      return l === 'ko' ? `${n.unit}의 ${n.period} 실적이 제출되어 승인을 기다립니다` : `${n.unit} submitted ${n.period}; it waits for your approval`;
    case 'evaluation_finalized':
      return l === 'ko' ? `평가 ${str(d.cycle)} 결과가 확정되었습니다 (버전 ${str(d.version)})` : `Evaluation ${str(d.cycle)} is final (version ${str(d.version)})`;
    default:
      return n.message;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const absolute = (publicUrl: string, link: string | null) => `${publicUrl}${link ?? '/'}`;

const T = {
  en: { open: 'Open in Northstar', footer: 'You get this because of your notification settings in Northstar (My profile).', digest: (n: number) => `Northstar: ${n} notification${n === 1 ? '' : 's'} today`, report: (u: string, p: string) => `Management report ${u} ${p}`, reportBody: (u: string, p: string) => `The management report of ${u} for ${p} is attached; the month is closed.` },
  ko: { open: 'Northstar에서 열기', footer: 'Northstar의 알림 설정(내 프로필)에 따라 보내드리는 메일입니다.', digest: (n: number) => `Northstar: 오늘의 알림 ${n}건`, report: (u: string, p: string) => `경영 보고서 ${u} ${p}`, reportBody: (u: string, p: string) => `${u}의 ${p} 경영 보고서를 첨부합니다. 해당 월은 마감되었습니다.` },
};

function page(locale: Locale, inner: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head><body style="font-family:sans-serif;color:#1f2933;max-width:40rem">${inner}<p style="color:#6b7280;font-size:0.85em">${escapeHtml(T[locale].footer)}</p></body></html>`;
}

/** One notification, one mail. */
export function renderNotification(n: MailNotification, locale: string, publicUrl: string): RenderedMail {
  const l = localeOf(locale);
  const title = headline(n, l);
  const excerpt = str(n.details?.excerpt);
  const url = absolute(publicUrl, n.link);
  const text = [title, excerpt ? `\n"${excerpt}"` : '', `\n${T[l].open}: ${url}`, `\n--\n${T[l].footer}`].join('\n').replace(/\n{3,}/g, '\n\n');
  const html = page(l, `<p><strong>${escapeHtml(title)}</strong></p>${excerpt ? `<blockquote style="border-left:3px solid #d1d5db;margin:0;padding-left:0.75rem">${escapeHtml(excerpt)}</blockquote>` : ''}<p><a href="${escapeHtml(url)}">${escapeHtml(T[l].open)}</a></p>`);
  return { subject: `Northstar: ${title}`, text, html };
}

/** Everything a person chose to receive once a day, grouped by kind in one mail. */
export function renderDigest(items: MailNotification[], locale: string, publicUrl: string): RenderedMail {
  const l = localeOf(locale);
  const lines = items.map((n) => ({ title: headline(n, l), url: absolute(publicUrl, n.link), excerpt: str(n.details?.excerpt) }));
  const text = lines.map((x) => `- ${x.title}${x.excerpt ? `\n  "${x.excerpt}"` : ''}\n  ${x.url}`).join('\n') + `\n\n--\n${T[l].footer}`;
  const html = page(l, `<ul>${lines.map((x) => `<li><a href="${escapeHtml(x.url)}">${escapeHtml(x.title)}</a>${x.excerpt ? `<br><em>${escapeHtml(x.excerpt)}</em>` : ''}</li>`).join('')}</ul>`);
  return { subject: T[l].digest(items.length), text, html };
}

export function renderReportMail(unit: string, period: string, locale: string, publicUrl: string, link: string): RenderedMail {
  const l = localeOf(locale);
  const url = absolute(publicUrl, link);
  return {
    subject: T[l].report(unit, period),
    text: `${T[l].reportBody(unit, period)}\n\n${T[l].open}: ${url}`,
    html: page(l, `<p>${escapeHtml(T[l].reportBody(unit, period))}</p><p><a href="${escapeHtml(url)}">${escapeHtml(T[l].open)}</a></p>`),
  };
}
