import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from 'pino';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An error the caller can act on: always a 4xx (or a deliberate 5xx such as 503). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'bad_request', message, details);
export const unauthorized = (message = 'Sign in first') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'You do not have access to this') => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'Not found') => new HttpError(404, 'not_found', message);
export const conflict = (message: string, details?: unknown) => new HttpError(409, 'conflict', message, details);
export const locked = (message: string, details?: unknown) => new HttpError(423, 'period_locked', message, details);
export const unprocessable = (message: string, details?: unknown) => new HttpError(422, 'invalid_input', message, details);

/**
 * A domain error raised below the HTTP layer (import rows, model validation, locked periods).
 * Carries the same code/details so the CLI and the API report it identically.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly status = 422,
  ) {
    super(message);
  }
}

export function zodIssues(error: ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, code: issue.code }));
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `No route ${req.method} ${req.path}`));
};

const GENERIC_MESSAGES: Record<number, string> = {
  400: 'The request is not valid',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'The request body is too large',
  415: 'Unsupported media type',
};

/** The one error middleware: maps every failure to the documented error shape. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) logger.error({ err, reqId: req.id }, 'request failed');
    if (res.headersSent) return void res.end(); // a stream broke off: end it, never append a page
    res.status(status).json(body);
  };
}

export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof HttpError || err instanceof DomainError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, details: err.details } } };
  }
  if (err instanceof ZodError) {
    return { status: 400, body: { error: { code: 'validation_failed', message: 'The request is not valid', details: zodIssues(err) } } };
  }
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
  // body-parser errors carry a `type` and a 4xx status
  if (e?.type === 'entity.too.large') {
    return { status: 413, body: { error: { code: 'payload_too_large', message: 'The request body is too large' } } };
  }
  if (e?.type === 'entity.parse.failed') {
    return { status: 400, body: { error: { code: 'malformed_json', message: 'The request body is not valid JSON' } } };
  }
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Other libraries' messages may name files on the server (a static file's path): not echoed.
    return { status, body: { error: { code: 'bad_request', message: GENERIC_MESSAGES[status] ?? 'The request cannot be handled' } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side' } } };
}
