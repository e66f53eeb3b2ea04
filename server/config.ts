import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
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
  trustProxy: boolean;
  scheduler: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Outgoing mail: the SMTP relay (null: notifications wait in the outbox) and the sender. */
  mail: { smtpUrl: string | null; from: string; publicUrl: string };
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
    trustProxy: e.NORTHSTAR_TRUST_PROXY === '1' || e.NORTHSTAR_TRUST_PROXY === 'true',
    scheduler: e.NORTHSTAR_SCHEDULER === 'on',
    logLevel: e.LOG_LEVEL,
    mail: {
      smtpUrl: e.NORTHSTAR_SMTP_URL ?? null,
      from: e.NORTHSTAR_MAIL_FROM ?? 'Northstar <northstar@localhost>',
      publicUrl: (e.NORTHSTAR_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    },
  };
}
