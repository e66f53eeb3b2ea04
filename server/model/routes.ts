import { z } from 'zod';
import express from 'express';
import { defineRoute } from '../http/route.ts';
import { verifyUtf8 } from '../http/input-guard.ts';
import { actorOf } from '../http/actor.ts';
import { exportModel, importModel, modelToYaml, parseModelText } from './service.ts';
import { isAllowed } from '../auth/policy.ts';

const textUpload = express.text({ type: () => true, limit: '20mb', verify: verifyUtf8 });

export const modelRoutes = [
  defineRoute({
    method: 'post',
    path: '/model/import',
    summary: 'Import a model file (YAML or JSON body): all or nothing, merged by code, idempotent',
    tags: ['model'],
    policy: { permission: 'model:write' },
    rawBody: 'application/yaml',
    query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }).strict(),
    handler: async ({ query, principal, req, res }, ctx) => {
      await new Promise<void>((resolve, reject) => textUpload(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      const raw = typeof req.body === 'string' ? parseModelText(req.body) : req.body;
      return ctx.db.transaction().execute(async (trx) => {
        const summary = await importModel(trx, actorOf(principal, req), raw);
        if (query.dryRun === 'true') throw new DryRun(summary);
        return summary;
      }).catch((err) => {
        if (err instanceof DryRun) return { ...err.summary, dryRun: true };
        throw err;
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/model/export',
    summary: 'The whole model as a model file (YAML, or JSON with ?format=json); needs scorecard:read on the whole organisation, and its jobs (SQL, URLs, headers) are left out without job:manage',
    tags: ['model'],
    // Every unit's targets, initiatives and priorities: for those who may read the whole company.
    policy: { permission: 'scorecard:read' },
    query: z.object({ format: z.enum(['yaml', 'json']).default('yaml') }).strict(),
    responseType: 'application/yaml',
    handler: async ({ query, principal, res }, ctx) => {
      const full = await exportModel(ctx.db);
      const model = isAllowed(principal!, 'job:manage', null) ? full : { ...full, jobs: [] };
      if (query.format === 'json') return model;
      res.type('application/yaml').send(modelToYaml(model));
      return undefined;
    },
  }),
];

/** Rolls the import transaction back after validating and counting what would change. */
class DryRun extends Error {
  constructor(readonly summary: object) {
    super('dry run');
  }
}
