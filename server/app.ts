import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import { rateLimit } from 'express-rate-limit';
import { pinoHttp } from 'pino-http';
import { sql } from 'kysely';
import type { AppContext } from './context.ts';
import { errorHandler, HttpError, notFoundHandler } from './http/errors.ts';
import { metricsMiddleware } from './http/metrics.ts';
import { rejectBadUrl, rejectNulInBody, verifyUtf8 } from './http/input-guard.ts';
import { mountRoutes, openApiDocument, type Authorizer, type RouteDef } from './http/route.ts';
import { authenticate, requirePermission } from './auth/service.ts';
import { isAllowed } from './auth/policy.ts';
import { apiRoutes } from './api.ts';
import { ReadCache } from './http/read-cache.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const webDistDir = path.join(root, 'dist', 'web');
const swaggerDir = path.join(root, 'node_modules', 'swagger-ui-dist');
const VERSION = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;

export interface AppOptions {
  /** Vite dev-server middleware (`npm run dev`); when absent the built assets are served. */
  viteMiddleware?: express.RequestHandler;
  /** Limit for sign-in attempts per client per 15 minutes. */
  loginAttempts?: number;
  routes?: RouteDef[];
  /** The built web app (default dist/web); tests point it elsewhere. */
  webDir?: string;
}

/** What an account whose password was reset may still do: see itself, sign out, change it. */
const PASSWORD_CHANGE_ROUTES = new Set(['/auth/session', '/auth/logout', '/auth/password']);

/** Builds the express app; never listens (tests listen on port 0, `serve` on the configured port). */
export function createApp(ctx: AppContext, options: AppOptions = {}): Express {
  const routes = options.routes ?? apiRoutes;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger: ctx.logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || crypto.randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // ECharts and Lit set inline styles from script.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'", ...(options.viteMiddleware ? ['ws:'] : [])],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: ctx.config.trustProxy !== false,
    }),
  );
  app.use(metricsMiddleware(ctx.metrics));
  app.use(rejectBadUrl);
  app.use(cookieParser());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await sql`select 1`.execute(ctx.db);
      res.json({ status: 'ready', database: ctx.dbKind });
    } catch {
      res.status(503).json({ error: { code: 'not_ready', message: 'The database is not reachable' } });
    }
  });
  app.get('/metrics', async (req, res) => {
    const principal = await authenticate(ctx.db, req);
    if (!principal) throw new HttpError(401, 'unauthorized', 'Sign in or send a bearer token with the metrics:read scope');
    if (principal.mustChangePassword) throw new HttpError(403, 'password_change_required', 'Your password was reset: change it first');
    if (!isAllowed(principal, 'metrics:read', null)) throw new HttpError(403, 'forbidden', 'You need the metrics:read permission');
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });

  const api = express.Router();
  api.use(express.json({ limit: '5mb', verify: verifyUtf8 }));
  api.use(rejectNulInBody);
  api.use('/auth/login', rateLimit({ windowMs: 15 * 60_000, limit: options.loginAttempts ?? 10, skipSuccessfulRequests: true, standardHeaders: 'draft-8', legacyHeaders: false, handler: (_req, _res, next) => next(new HttpError(429, 'rate_limited', 'Too many sign-in attempts; try again later')) }));
  const document = openApiDocument(routes, VERSION);
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  const readCache = ctx.config.cacheMb > 0 ? new ReadCache(ctx.db, ctx.config.cacheMb * 1024 * 1024, ctx.metrics.readCache) : null;
  app.locals.readCache = readCache;
  if (readCache && ctx.listen) {
    readCache.subscribe(ctx.listen).catch((err) => ctx.logger.warn({ err }, 'read cache: LISTEN failed; versions are still read per request'));
  }
  mountRoutes(api, routes, ctx, authorizer(ctx), readCache);
  api.use(notFoundHandler);
  app.use('/api/v1', api);

  app.get('/api/docs/swagger-initializer.js', (_req, res) => {
    res.type('application/javascript').send(`window.onload = () => { window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui' }); };`);
  });
  app.use('/api/docs', express.static(swaggerDir, { index: 'index.html' }));
  app.use('/api', notFoundHandler);

  const webDir = options.webDir ?? webDistDir;
  if (options.viteMiddleware) {
    app.use(options.viteMiddleware);
  } else {
    // Source maps stay on the build machine: even when a build made them (NORTHSTAR_SOURCEMAP),
    // the production server does not hand them out.
    app.use((req, _res, next) => next(req.path.endsWith('.map') ? new HttpError(404, 'not_found', `No route ${req.method} ${req.path}`) : undefined));
    app.use(express.static(webDir, { index: false, maxAge: '1h', setHeaders: noCacheForHtml }));
    app.get('/{*splat}', (req, res, next) => {
      if (!acceptsHtml(req)) return next();
      const index = path.join(webDir, 'index.html');
      if (!fs.existsSync(index)) return next(new HttpError(503, 'web_not_built', 'The web app is not built: run `npm run build:web` (npm start does this)'));
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(index);
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}

const acceptsHtml = (req: Request) => req.method === 'GET' && (req.accepts(['html', 'json']) === 'html');
const noCacheForHtml = (res: express.Response, file: string) => {
  if (file.endsWith('.html')) res.setHeader('cache-control', 'no-cache');
};

/** Applies the route's policy: the one authorization path every API route goes through. */
function authorizer(ctx: AppContext): Authorizer {
  return {
    async authenticate(route, req) {
      if ('public' in route.policy) return null;
      const principal = await authenticate(ctx.db, req);
      if (!principal) throw new HttpError(401, 'unauthorized', 'Sign in or send a bearer token');
      if (principal.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(route.path)) {
        throw new HttpError(403, 'password_change_required', 'Your password was reset: change it first (POST /api/v1/auth/password, or the sign-in screen)');
      }
      return principal;
    },
    async authorize(route, principal, input) {
      if (!('permission' in route.policy) || !principal) return;
      const unit = route.policy.unit?.(input as { params: unknown; query: unknown; body: unknown });
      await requirePermission(ctx.db, principal, route.policy.permission, unit, route.policy.anyUnit);
    },
  };
}
