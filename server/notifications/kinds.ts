/**
 * The notification kinds people receive (DESIGN.md §3) and how each can be delivered.
 * `immediately`: in the app and one e-mail as soon as the mail job runs; `daily`: in the app,
 * and one digest e-mail a day grouping everything since the last; `app`: in the app only.
 */
export const PERSONAL_KINDS = ['status_worsened', 'off_track_without_initiative', 'submission_late', 'approval_waiting', 'comment_reply', 'mention', 'evaluation_finalized', 'voc_assigned', 'voc_overdue'] as const;
export type PersonalKind = (typeof PERSONAL_KINDS)[number];

export const DELIVERIES = ['immediately', 'daily', 'app'] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** Without a choice: what needs the person now arrives now; status drift waits for the digest. */
export const DEFAULT_DELIVERY: Record<PersonalKind, Delivery> = {
  status_worsened: 'daily',
  off_track_without_initiative: 'immediately',
  submission_late: 'immediately',
  approval_waiting: 'immediately',
  comment_reply: 'immediately',
  mention: 'immediately',
  evaluation_finalized: 'immediately',
  voc_assigned: 'immediately',
  voc_overdue: 'immediately',
};

export function deliveryFor(prefs: Record<string, string> | null | undefined, kind: string): Delivery {
  const chosen = prefs?.[kind];
  if (chosen && (DELIVERIES as readonly string[]).includes(chosen)) return chosen as Delivery;
  return DEFAULT_DELIVERY[kind as PersonalKind] ?? 'app';
}
