/** Commentary and people, as the API returns them (GET /comments, GET /people). */
import { request } from './api.ts';

export type CommentKind = 'analysis' | 'action' | 'note';

export interface CommentItem {
  id: number;
  indicator: string;
  unit: string;
  period: string;
  kind: CommentKind;
  body: string;
  replyTo: number | null;
  author: string;
  authorName: string | null;
  mentions: string[];
  createdAt: string;
  updatedAt: string;
  edited: boolean;
}

export interface Person {
  username: string;
  displayName: string;
}

export const fetchComments = (q: { indicator?: string; unit: string; from: string; to: string }, signal?: AbortSignal) =>
  request<{ comments: CommentItem[] }>('GET', '/comments', { query: q, signal }).then((r) => r.comments);

export const postComment = (body: { indicator: string; unit: string; period: string; kind: CommentKind; body: string; replyTo?: number | null }) => request<CommentItem>('POST', '/comments', { body });

export const fetchPeople = (search: string, signal?: AbortSignal) => request<{ people: Person[] }>('GET', '/directory', { query: { search, limit: 20 }, signal }).then((r) => r.people);

/** Comments per month (top-level and replies), for the chart's pins. */
export function commentCounts(comments: readonly CommentItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of comments) counts.set(c.period, (counts.get(c.period) ?? 0) + 1);
  return counts;
}
