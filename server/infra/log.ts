/**
 * Structured JSON logs (pino). Credentials never reach a log line: the paths below are redacted, and
 * every string logged (messages, errors and their stacks included) is scrubbed of anything shaped like
 * a MoltBook key or a bearer token, wherever it appears.
 */
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'headers["x-operator-token"]',
  '*.headers["x-operator-token"]',
  'cookie',
  '*.cookie',
  'connectionParams',
  '*.connectionParams',
  'apiKey',
  '*.apiKey',
  'answer',
  '*.answer',
  'attestation',
  '*.attestation',
  'operatorToken',
  '*.operatorToken',
  // Variables carry challenge answers, attestations and post text: never logged.
  'variables',
  '*.variables',
];

const KEY_SHAPES: [RegExp, string][] = [
  [/moltbook_sk_[A-Za-z0-9_-]+/g, 'moltbook_sk_[redacted]'],
  [/\b(Bearer)\s+[^\s"',]+/gi, '$1 [redacted]'],
];

/** `text` with every key-shaped substring replaced. */
export function scrub(text: string): string {
  let out = text;
  for (const [pattern, replacement] of KEY_SHAPES) out = out.replace(pattern, replacement);
  return out;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value instanceof Error) return scrubValue(stdSerializers.err(value), depth);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, depth + 1);
  return out;
}

/** A logger at `level` writing JSON lines to `destination` (default stdout). Each app builds its own. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { log: (object) => scrubValue(object, 0) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * graphql-yoga's logger (console-style calls) on top of `log`: the string arguments make the message, an
 * Error goes under `err` (stack included, scrubbed like everything else), other values under `details`.
 */
export function yogaLogging(log: Logger): Record<Level, (...args: unknown[]) => void> {
  const forward =
    (level: Level) =>
    (...args: unknown[]): void => {
      const text = args.filter((a): a is string => typeof a === 'string').join(' ');
      const values = args.filter((a) => typeof a !== 'string');
      const err = values.find((v): v is Error => v instanceof Error);
      const rest = values.filter((v) => v !== err);
      const fields = {
        ...(err ? { err } : {}),
        ...(rest.length ? { details: rest.length === 1 ? rest[0] : rest } : {}),
      };
      log[level](fields, text || err?.message || 'graphql-yoga');
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
