import { z } from 'zod';
import express from 'express';
import { defineRoute } from '../http/route.ts';
import { HttpError } from '../http/errors.ts';
import { actorOf } from '../http/actor.ts';
import { allowedRoots, isInside, type Principal } from '../auth/policy.ts';
import { writeMeasurements } from './service.ts';
import { importMeasurementFile } from './import.ts';
import { measurementsFile, selectMeasurementsForExport } from './export.ts';

const rowSchema = z
  .object({
    indicator: z.string().min(1),
    unit: z.string().min(1),
    period: z.string().min(1),
    value: z.number().nullable(),
    target: z.number().nullable().optional(),
    note: z.string().max(2000).nullable().optional(),
    expectedRevision: z.number().int().min(0).optional(),
  })
  .strict();

const writeResult = z.object({
  rows: z.number(),
  accepted: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  rejected: z.array(z.object({ row: z.number(), field: z.string(), code: z.string(), message: z.string(), value: z.unknown().optional() })),
});

/** Those who may approve or return a month (period:review over the unit) may still change it once submitted. */
const submittedChanger = (principal: Principal) => {
  const roots = allowedRoots(principal, 'period:review');
  return (unit: { path: string }) => isInside(unit.path, roots);
};

/** A file's target column changes targets: that takes target:write on the unit. */
const targetWriter = (principal: Principal) => {
  const roots = allowedRoots(principal, 'target:write');
  return (unit: { path: string }) => isInside(unit.path, roots);
};

const rawUpload = express.raw({ type: () => true, limit: '50mb' });

export const measurementRoutes = [
  defineRoute({
    method: 'post',
    path: '/measurements',
    summary: 'Push a batch of measurements (up to 10,000 rows); all-or-nothing unless accept=valid',
    tags: ['measurements'],
    policy: { permission: 'measurement:write', anyUnit: true },
    body: z
      .object({
        rows: z.array(rowSchema).min(1).max(10_000),
        accept: z.enum(['all', 'valid']).default('all'),
        reason: z.string().max(500).optional(),
        source: z.string().max(100).default('api'),
        dryRun: z.boolean().default(false),
      })
      .strict(),
    response: writeResult,
    handler: async ({ body, principal, req }, ctx) => {
      const roots = allowedRoots(principal!, 'measurement:write');
      return ctx.db.transaction().execute((trx) =>
        writeMeasurements(
          trx,
          actorOf(principal, req),
          body.rows.map((r, i) => ({ ...r, row: i + 1 })),
          { source: body.source, accept: body.accept, reason: body.reason ?? null, canWrite: (u) => isInside(u.path, roots), canWriteTarget: targetWriter(principal!), mayChangeSubmitted: submittedChanger(principal!), dryRun: body.dryRun },
        ),
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/imports',
    summary: 'Upload a CSV or XLSX measurement file (raw body; name it with ?filename=). dryRun=true previews',
    tags: ['measurements'],
    policy: { permission: 'measurement:write', anyUnit: true },
    rawBody: 'application/octet-stream',
    query: z
      .object({
        filename: z.string().regex(/\.(csv|xlsx|tsv|txt)$/i, 'a .csv or .xlsx file name'),
        accept: z.enum(['all', 'valid']).default('all'),
        dryRun: z.enum(['true', 'false']).default('false'),
        decimalComma: z.enum(['true', 'false']).default('false'),
        reason: z.string().max(500).optional(),
      })
      .strict(),
    response: writeResult,
    handler: async ({ query, principal, req, res }, ctx) => {
      await new Promise<void>((resolve, reject) => rawUpload(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError(400, 'empty_file', 'The upload is empty');
      const roots = allowedRoots(principal!, 'measurement:write');
      return ctx.db.transaction().execute((trx) =>
        importMeasurementFile(trx, actorOf(principal, req), { buffer: req.body, name: query.filename }, {
          source: `upload:${query.filename}`,
          accept: query.accept,
          reason: query.reason ?? null,
          canWrite: (u) => isInside(u.path, roots),
          canWriteTarget: targetWriter(principal!),
          mayChangeSubmitted: submittedChanger(principal!),
          dryRun: query.dryRun === 'true',
          decimalComma: query.decimalComma === 'true',
        }),
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/measurements/export',
    summary: 'Stored measurements (own values, not rollups) of the units the caller reads: rows indicator, unit, period, value, source, note (csv or json { rows })',
    tags: ['measurements'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    query: z
      .object({
        unit: z.string().max(64).optional(),
        indicator: z.string().max(64).optional(),
        from: z.string().max(10).optional(),
        to: z.string().max(10).optional(),
        format: z.enum(['csv', 'json']).default('csv'),
      })
      .strict(),
    responseType: 'text/csv',
    handler: async ({ query, principal, res }, ctx) => {
      const rows = await selectMeasurementsForExport(ctx.db, { ...query, roots: allowedRoots(principal!, 'scorecard:read') });
      const file = measurementsFile(rows, query.format);
      res.status(200).type(file.contentType).setHeader('content-disposition', `attachment; filename="measurements.${query.format}"`);
      res.send(file.body);
      return undefined;
    },
  }),
];
