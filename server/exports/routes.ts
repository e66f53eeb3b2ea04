import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { HttpError } from '../http/errors.ts';
import { exportTable } from './table.ts';

const cell = z.union([z.string().max(2000), z.number().finite(), z.null()]);
const tableIn = z
  .object({
    format: z.enum(['csv', 'xlsx']),
    name: z.string().min(1).max(120),
    sheet: z.string().max(60).optional(),
    columns: z.array(z.object({ label: z.string().max(200), digits: z.number().int().min(0).max(6).optional(), percent: z.boolean().optional() }).strict()).min(1).max(200),
    rows: z.array(z.array(cell).max(200)).max(20000),
  })
  .strict()
  .meta({ id: 'TableExport' });

export const exportRoutes = [
  defineRoute({
    method: 'post',
    path: '/exports/table',
    summary: 'Export what you see: the rows a view shows (rounded as displayed, headers in the reader’s language) as CSV or XLSX',
    tags: ['exports'],
    // Echoes what the caller already sees: any reader of scorecards may export.
    policy: { permission: 'scorecard:read', anyUnit: true },
    body: tableIn,
    responseType: 'text/csv',
    handler: async ({ body, res }) => {
      const width = body.columns.length;
      const bad = body.rows.findIndex((r) => r.length !== width);
      if (bad >= 0) {
        throw new HttpError(400, 'validation_failed', `Row ${bad + 1} has ${body.rows[bad].length} cells, the header has ${width}`, [{ row: bad + 1, field: 'rows', reason: `${body.rows[bad].length} cells, expected ${width}` }]);
      }
      const file = await exportTable(body);
      res.setHeader('content-type', file.contentType);
      // an ASCII name for old clients, the real (e.g. Korean) name for the rest (RFC 6266)
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
      res.setHeader('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      res.setHeader('cache-control', 'no-store');
      res.status(200).send(file.body);
      return undefined;
    },
  }),
];
