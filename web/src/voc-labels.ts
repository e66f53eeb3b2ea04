/**
 * Localized words for the VOC codes (status, type, channel, severity, root cause, feed, action)
 * and the time left to a record's SLA deadline. `msg()` runs at render time, so every label
 * follows the locale switch.
 */
import { msg, str } from '@lit/localize';
import type { Locale } from './types.ts';
import { formatDuration, timeLeftKind, type RootCause, type VocAction, type VocChannel, type VocFeed, type VocRecord, type VocSeverity, type VocStatus, type VocType } from './voc.ts';

export function vocStatusLabel(s: VocStatus | string | null | undefined): string {
  switch (s) {
    case 'received':
      return msg('Received');
    case 'assigned':
      return msg('Assigned');
    case 'in_progress':
      return msg('In progress');
    case 'resolved':
      return msg('Resolved');
    case 'closed':
      return msg('Closed');
    default:
      return '–';
  }
}

export function vocTypeLabel(t: VocType | string): string {
  switch (t) {
    case 'complaint':
      return msg('Complaint');
    case 'inquiry':
      return msg('Inquiry');
    case 'suggestion':
      return msg('Suggestion');
    case 'praise':
      return msg('Praise');
    default:
      return t;
  }
}

export function vocChannelLabel(c: VocChannel | string): string {
  switch (c) {
    case 'store':
      return msg('In store');
    case 'call':
      return msg('Phone');
    case 'web':
      return msg('Website');
    case 'app':
      return msg('App');
    case 'sns':
      return msg('Social media');
    case 'email':
      return msg('E-mail');
    case 'other':
      return msg('Other');
    default:
      return c;
  }
}

export function vocSeverityLabel(s: VocSeverity | string): string {
  switch (s) {
    case 'low':
      return msg('Low');
    case 'normal':
      return msg('Normal');
    case 'high':
      return msg('High');
    case 'critical':
      return msg('Critical');
    default:
      return s;
  }
}

/** The deck's causes: 인적요인 / 업무절차 / 시설·환경 / 상품 / 기타. */
export function rootCauseLabel(r: RootCause | string | null | undefined): string {
  switch (r) {
    case 'people':
      return msg('People factors');
    case 'procedure':
      return msg('Procedure');
    case 'facility':
      return msg('Facility and environment');
    case 'product':
      return msg('Product');
    case 'other':
      return msg('Other');
    default:
      return r ?? '–';
  }
}

export function vocFeedLabel(f: VocFeed | string): string {
  switch (f) {
    case 'received':
      return msg('VOC received');
    case 'complaints':
      return msg('Complaints');
    case 'slaDue':
      return msg('Due under the SLA');
    case 'slaMet':
      return msg('Resolved within the SLA');
    case 'resolved':
      return msg('Resolved VOC');
    case 'resolutionHours':
      return msg('Hours to resolve');
    case 'repeats':
      return msg('Repeat complaints');
    default:
      return f;
  }
}

export function vocActionLabel(a: VocAction): string {
  switch (a) {
    case 'assign':
      return msg('Assign');
    case 'start':
      return msg('Start work');
    case 'resolve':
      return msg('Resolve');
    case 'close':
      return msg('Close the case');
    case 'reopen':
      return msg('Reopen');
  }
}

/** "3 h left" / "Overdue by 5 h" / "No SLA" / "Done" in the current locale. */
export function timeLeftText(r: Pick<VocRecord, 'deadline' | 'hoursLeft' | 'overdue' | 'status'>, locale: Locale): string {
  const kind = timeLeftKind(r);
  const d = formatDuration(r.hoursLeft ?? 0, locale);
  switch (kind) {
    case 'none':
      return msg('No SLA');
    case 'done':
      return msg('Done');
    case 'overdue':
      return r.hoursLeft === null ? msg('Overdue') : msg(str`Overdue by ${d}`);
    default:
      return msg(str`${d} left`);
  }
}
