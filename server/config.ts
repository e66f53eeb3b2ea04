import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).optional(),
  NORTHSTAR_DATA_DIR: z.string().min(1).optional(),
  NORTHSTAR_ADMIN_PASSWORD: z.string().min(8).optional(),
  NORTHSTAR_DEV: z.string().optional(),
  NORTHSTAR_TRUST_PROXY: z.string().optional(),
  NORTHSTAR_SCHEDULER: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
  NORTHSTAR_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL').optional(),
  NORTHSTAR_MAIL_FROM: z.string().min(3).optional(),
  NORTHSTAR_PUBLIC_URL: z.string().url().optional(),
  NORTHSTAR_CACHE_MB: z.coerce.number().min(0).max(65536).default(64),
  NORTHSTAR_WORKERS: z.coerce.number().int().min(1).max(256).default(1),
});

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | null;
  /** Folder of the embedded database (and file-drop sources by default). */
  dataDir: string;
  adminPassword: string | null;
  dev: boolean;
  /**
   * Express `trust proxy`: false (direct connections), a hop count, or the proxies' addresses
   * (IPs, CIDRs, or `loopback` / `linklocal` / `uniquelocal`). Never `true`, which would let
   * any client choose its own address through X-Forwarded-For.
   */
  trustProxy: false | number | string[];
  scheduler: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Outgoing mail: the SMTP relay (null: notifications wait in the outbox) and the sender. */
  mail: { smtpUrl: string | null; from: string; publicUrl: string };
  /** Memory bound of the computed-read cache in MB (NORTHSTAR_CACHE_MB; 0 turns it off). */
  cacheMb: number;
  /** Server processes of `serve` (NORTHSTAR_WORKERS; more than one needs PostgreSQL). */
  workers: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${issues}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: path.resolve(e.NORTHSTAR_DATA_DIR ?? 'data'),
    adminPassword: e.NORTHSTAR_ADMIN_PASSWORD ?? null,
    dev: e.NORTHSTAR_DEV === '1' || e.NORTHSTAR_DEV === 'true',
    trustProxy: parseTrustProxy(e.NORTHSTAR_TRUST_PROXY),
    scheduler: e.NORTHSTAR_SCHEDULER === 'on',
    logLevel: e.LOG_LEVEL,
    mail: {
      smtpUrl: e.NORTHSTAR_SMTP_URL ?? null,
      from: e.NORTHSTAR_MAIL_FROM ?? 'Northstar <northstar@localhost>',
      publicUrl: (e.NORTHSTAR_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    },
    cacheMb: e.NORTHSTAR_CACHE_MB,
    workers: e.NORTHSTAR_WORKERS,
  };
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** NORTHSTAR_TRUST_PROXY: unset or 0 (no proxy), a hop count (`1`), or a comma-separated list of proxies. */
export function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  const text = value?.trim() ?? '';
  if (text === '' || text === '0' || text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'true') {
    throw new Error('Invalid environment: NORTHSTAR_TRUST_PROXY=true would trust any X-Forwarded-For a client sends; give the number of proxies in front (e.g. 1) or their addresses (e.g. 10.0.0.5,10.0.1.0/24)');
  }
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const family = net.isIP(address);
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!(PROXY_NAMES.has(entry) || (family !== 0 && validBits && rest.length === 0))) {
      throw new Error(`Invalid environment: NORTHSTAR_TRUST_PROXY: "${entry}" is neither a hop count, an IP address or CIDR, nor loopback/linklocal/uniquelocal`);
    }
  }
  return entries;
}

/** Is `host` an address only this machine can reach (the demo accounts' published password is allowed there)? */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}
