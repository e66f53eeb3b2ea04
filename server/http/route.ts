import type { Request, Response, Router } from 'express';
import { z, type ZodType } from 'zod';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { HttpError, zodIssues } from './errors.ts';
import type { Permission, Principal } from '../auth/policy.ts';
import type { AppContext } from '../context.ts';
import type { ReadCache } from './read-cache.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route. Every route states one explicitly; a test fails for any route without.
 * - `public`: no sign-in (sign-in itself, health).
 * - `authenticated`: any signed-in principal (their own session, their own tokens).
 * - a permission, optionally on the unit the request names (code), else on the company root.
 */
export type Policy =
  | { public: true }
  | { authenticated: true }
  | { permission: Permission; unit?: (input: { params: any; query: any; body: any }) => string | null | undefined; anyUnit?: boolean };

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal | null;
  req: Request;
  res: Response;
}

export interface RouteDef<P = any, Q = any, B = any> {
  method: Method;
  /** Express path syntax (`/scorecards/:unit`); converted to `{unit}` for OpenAPI. */
  path: string;
  summary: string;
  tags: string[];
  policy: Policy;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** Raw bodies (file uploads) are read by the handler; documented as this media type. */
  rawBody?: string;
  response?: ZodType;
  responseType?: string;
  status?: number;
  /**
   * A computed read served from the read cache (server/http/read-cache.ts): keyed by the data
   * version, the path and the validated query. The handler must not write to `res`. When the
   * answer depends on the caller (beyond being allowed to ask, which is checked first), `vary`
   * returns what it depends on (e.g. the units they may read): it becomes part of the key.
   */
  cache?: { vary?: (input: HandlerInput<P, Q, B>) => string };
  handler: (input: HandlerInput<P, Q, B>, ctx: AppContext) => Promise<unknown>;
}

export const defineRoute = <P, Q, B>(def: RouteDef<P, Q, B>): RouteDef<P, Q, B> => def;

function parsePart<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return (where === 'body' ? undefined : {}) as T;
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new HttpError(400, 'validation_failed', `The request ${where} is not valid`, zodIssues(result.error).map((i) => ({ ...i, in: where })));
  }
  return result.data;
}

/** Who is calling (before validation, so anonymous callers learn nothing), then may they. */
export interface Authorizer {
  authenticate(route: RouteDef, req: Request): Promise<Principal | null>;
  authorize(route: RouteDef, principal: Principal | null, input: { params: unknown; query: unknown; body: unknown }): Promise<void>;
}

/** Mounts the routes on `router`: validation, the route's policy, then the handler. */
export function mountRoutes(router: Router, routes: RouteDef[], ctx: AppContext, authorizer: Authorizer, cache?: ReadCache | null): void {
  for (const route of routes) {
    router[route.method](route.path, async (req, res) => {
      const principal = await authorizer.authenticate(route, req);
      const params = parsePart(route.params, req.params, 'path');
      const query = parsePart(route.query, req.query, 'query');
      const body = route.rawBody ? undefined : parsePart(route.body, req.body, 'body');
      await authorizer.authorize(route, principal, { params, query, body });
      if (route.cache && cache && route.method === 'get') {
        const input = { params, query, body, principal, req, res };
        const key = `${route.path}|${JSON.stringify(params)}|${JSON.stringify(query)}|${route.cache.vary?.(input) ?? ''}`;
        return cache.serve(req, res, key, () => route.handler(input, ctx));
      }
      const result = await route.handler({ params, query, body, principal, req, res }, ctx);
      if (res.headersSent) return;
      if (result === undefined) res.status(route.status ?? 204).end();
      else res.status(route.status ?? 200).json(result);
    });
  }
}

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export function openApiDocument(routes: RouteDef[], version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  registry.registerComponent('securitySchemes', 'cookie', { type: 'apiKey', in: 'cookie', name: 'ns_session' });
  for (const route of routes) {
    const security: Record<string, string[]>[] = 'public' in route.policy ? [] : [{ bearer: [] }, { cookie: [] }];
    const permission = 'permission' in route.policy ? route.policy.permission : null;
    registry.registerPath({
      method: route.method,
      path: '/api/v1' + route.path.replace(/:(\w+)/g, '{$1}'),
      summary: route.summary,
      tags: route.tags,
      security,
      description: permission ? `Requires the \`${permission}\` permission (token scope).` : undefined,
      request: {
        params: route.params as any,
        query: route.query as any,
        body: route.body
          ? { content: { 'application/json': { schema: route.body } } }
          : route.rawBody
            ? { content: { [route.rawBody]: { schema: z.string() } } }
            : undefined,
      },
      responses: {
        [route.status ?? (route.response || route.responseType ? 200 : 204)]: {
          description: 'Success',
          content: route.response
            ? { [route.responseType ?? 'application/json']: { schema: route.response } }
            : route.responseType
              ? { [route.responseType]: { schema: z.string() } }
              : undefined,
        },
        '4XX': { description: 'The caller’s mistake', content: { 'application/json': { schema: errorSchema } } },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Northstar API', version, description: 'Balanced scorecard and KPI monitoring' },
    servers: [{ url: '/' }],
  });
}
