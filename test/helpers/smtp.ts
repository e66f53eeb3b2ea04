import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';

/**
 * A real SMTP server on 127.0.0.1 for tests, collecting what arrives (parsed with mailparser).
 * `stop()` takes it down (connections are refused), `start()` brings it back on the same port.
 */
export async function startSmtp() {
  const received: (ParsedMail & { envelopeTo: string[] })[] = [];
  let port = 0;
  let server: SMTPServer | null = null;
  const start = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
    port = (server.server.address() as AddressInfo).port;
  };
  await start();
  return {
    received,
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    /** A nodemailer transport to this server (what the mail job builds from NORTHSTAR_SMTP_URL). */
    transport() {
      return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2000, greetingTimeout: 2000 });
    },
    start,
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    /** Mails whose envelope went to `address`. */
    to(address: string) {
      return received.filter((m) => m.envelopeTo.includes(address));
    },
  };
}
