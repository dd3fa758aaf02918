/** Structured JSON logs. Credentials never reach a log line: the paths below are redacted. */
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'connectionParams',
  'apiKey',
  'answer',
  'attestation',
  'operatorToken',
  'headers["x-operator-token"]',
];

/** The process-wide logger; {@link configureLogger} sets its level from config at start. */
export let log: Logger = pino({ level: 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } });

export function configureLogger(level: string): Logger {
  log = pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
  return log;
}
