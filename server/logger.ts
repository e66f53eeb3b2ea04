import pino, { type Logger } from 'pino';

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'northstar' },
      // Credentials never reach the logs: sessions, tokens, CSRF tokens and passwords.
      redact: {
        paths: ['req.headers.authorization', 'req.headers["proxy-authorization"]', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.currentPassword', '*.newPassword', 'password'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
