import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

/**
 * Bytes PostgreSQL cannot store (NUL) and text that is not UTF-8 are refused at the edge, with a
 * 400 in the documented shape, instead of failing somewhere below as a 500: in the URL (path
 * parameters such as `/units/%00`, query strings), in JSON and text bodies. Files are checked by
 * their readers (server/files/limits.ts).
 */

const NUL_ESCAPE = /%00/i;

/** Path and query: no NUL, and percent-escapes that decode to UTF-8. */
export const rejectBadUrl: RequestHandler = (req, _res, next) => {
  const url = req.originalUrl ?? req.url;
  if (NUL_ESCAPE.test(url) || url.includes('\0')) return next(new HttpError(400, 'invalid_characters', 'The URL contains a NUL character'));
  try {
    const [path, query = ''] = url.split('?', 2);
    decodeURIComponent(path);
    decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    return next(new HttpError(400, 'invalid_utf8', 'The URL is not valid UTF-8 after percent-decoding'));
  }
  next();
};

/** body-parser's `verify`: a JSON or text body must be UTF-8 (the parser would replace bad bytes silently). */
export function verifyUtf8(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw new HttpError(400, 'invalid_utf8', 'The request body is not valid UTF-8');
  if (body.includes(0)) throw new HttpError(400, 'invalid_characters', 'The request body contains a NUL byte');
}

/** The first place in a parsed body where a string (or a key) holds a NUL character. */
export function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\0') ? path || '(body)' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\0')) return here;
    const found = nulPath(child, here);
    if (found) return found;
  }
  return null;
}

/** JSON escapes (`\u0000`) decode to NUL after parsing: refused, naming the field. */
export const rejectNulInBody: RequestHandler = (req, _res, next) => {
  const where = nulPath(req.body);
  if (where) return next(new HttpError(400, 'invalid_characters', `${where} contains a NUL character`, [{ path: where, message: 'contains a NUL character', in: 'body' }]));
  next();
};
