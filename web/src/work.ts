/** My work, the close board and profiles, as the API returns them. */
import { request } from './api.ts';
import type { LocalizedName, Status } from './types.ts';

export interface InboxItem {
  id: number;
  kind: string;
  unit: string | null;
  indicator: string | null;
  period: string | null;
  message: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface MyWork {
  user: string;
  period: string;
  owned: { counts: Record<Status, number>; items: { subject: 'indicator' | 'objective'; code: string; name: LocalizedName; unit: string; status: Status; score: number | null }[] };
  toEnter: { unit: string; name: LocalizedName; state: string; deadline: string; late: boolean; daysLate: number; comment: string | null }[];
  toApprove: { unit: string; name: LocalizedName; period: string; submittedBy: string | null; submittedAt: string | null }[];
  notifications: { unread: number; unreadMentions: number; latest: InboxItem[]; mentions: InboxItem[] };
}

export interface BoardRow {
  unit: string;
  name: LocalizedName;
  leaf: boolean;
  state: 'draft' | 'submitted' | 'returned' | 'approved' | 'locked';
  deadline: string;
  late: boolean;
  daysLate: number;
  submittedBy: string | null;
  submittedAt: string | null;
  comment: string | null;
  can: { review: boolean };
}

export interface Board {
  unit: string;
  period: string;
  deadline: string | null;
  counts: Record<string, number>;
  units: BoardRow[];
}

export interface BoardOutcome {
  done: number;
  failed: number;
  results: { unit: string; ok: boolean; state?: string; error?: { code: string; message: string } }[];
}

export interface Profile {
  username: string;
  displayName: string;
  email: string | null;
  locale: string;
  disabled: boolean;
  notifications: Record<string, 'immediately' | 'daily' | 'app'>;
}

export const NOTIFICATION_KINDS = ['status_worsened', 'off_track_without_initiative', 'submission_late', 'approval_waiting', 'comment_reply', 'mention', 'evaluation_finalized', 'voc_assigned', 'voc_overdue'] as const;

/** Where a notification leads: its own link (a VOC notification's is `/voc/ID`, the record), else My work. */
export const notificationHref = (n: Pick<InboxItem, 'link'>): string => n.link ?? '/mywork';

export const fetchMyWork = (period: string, signal?: AbortSignal) => request<MyWork>('GET', '/me/work', { query: { period }, signal });
export const markAllRead = () => request<{ marked: number }>('POST', '/me/notifications/read', { body: { all: true } });
export const fetchBoard = (unit: string, period: string, signal?: AbortSignal) => request<Board>('GET', '/close-board', { query: { unit, period }, signal });
export const boardAction = (body: { period: string; action: 'approve' | 'return' | 'remind'; units: string[]; comment?: string; confirmLock?: boolean }) =>
  request<BoardOutcome>('POST', '/close-board/actions', { body });
export const fetchMyProfile = (signal?: AbortSignal) => request<Profile>('GET', '/me/profile', { signal });
export const saveMyProfile = (body: { email?: string | null; notifications?: Record<string, string> }) => request<Profile>('PUT', '/me/profile', { body });
