import client from 'prom-client';
import type { RequestHandler } from 'express';

export interface Metrics {
  registry: client.Registry;
  httpDuration: client.Histogram<'method' | 'route' | 'status'>;
  jobRuns: client.Counter<'job' | 'status'>;
  rowsIngested: client.Counter<'source' | 'outcome'>;
  /** Computed reads by how the read cache answered them: hit, miss (computed), not_modified (304). */
  readCache: client.Counter<'outcome'>;
}

export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'northstar_' });
  return {
    registry,
    httpDuration: new client.Histogram({
      name: 'northstar_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobRuns: new client.Counter({ name: 'northstar_job_runs_total', help: 'Job runs by outcome', labelNames: ['job', 'status'], registers: [registry] }),
    rowsIngested: new client.Counter({ name: 'northstar_rows_ingested_total', help: 'Measurement rows by source and outcome', labelNames: ['source', 'outcome'], registers: [registry] }),
    readCache: new client.Counter({ name: 'northstar_read_cache_total', help: 'Computed reads by read-cache outcome (hit, miss, not_modified)', labelNames: ['outcome'], registers: [registry] }),
  };
}

export function metricsMiddleware(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The matched route pattern keeps label cardinality bounded.
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
