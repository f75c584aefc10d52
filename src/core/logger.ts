// Structured logs (pino). Secrets never reach a log line: credentials in
// headers are redacted at the source.
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Config['log']): Logger {
  return pino({
    level: config.level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'req.headers["x-signature-password"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.passwordHash',
        '*.token',
      ],
      censor: '[redacted]',
    },
    ...(config.format === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } }
      : {}),
  });
}
