import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';

/** The SMTP transport for `NORTHSTAR_SMTP_URL` (null when none is configured: mail waits in the outbox). */
export function createMailTransport(config: Config['mail']): Transporter | null {
  if (!config.smtpUrl) return null;
  // Short timeouts: a relay that does not answer delays the run, the row is simply retried later.
  return nodemailer.createTransport(config.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as object);
}
