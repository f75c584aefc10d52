// Structured logs (pino). Secrets never reach a log line: credentials in
// headers are redacted at the source.
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Config['log']): Logger {
  return pino({
    level: config.level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    ...(config.format === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } }
      : {}),
  });
}
