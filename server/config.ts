/**
 * The server's configuration, read from the environment once, validated, and frozen. No other module
 * reads `process.env`. A bad value stops the server at start with one line naming the variable.
 */
import { z } from 'zod';
import { DEMO_ISSUER } from './agents/demo-issuer.js';
import { parseTrustProxy, TRUST_PROXY_FORMS, type TrustProxy } from './http/client-address.js';
import { integrityDefaults, type IntegrityConfig } from './integrity/config.js';

const onOff = (fallback: 'on' | 'off') =>
  z
    .enum(['on', 'off'], { error: 'must be "on" or "off"' })
    .default(fallback)
    .transform((v) => v === 'on');

const ed25519Jwk = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'x must be a base64url Ed25519 public key'),
});

const postgresUrl = z.string().refine((v) => {
  try {
    const url = new URL(v);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a postgresql:// URL');

const redisUrl = z.string().refine((v) => {
  try {
    const url = new URL(v);
    return url.protocol === 'redis:' || url.protocol === 'rediss:';
  } catch {
    return false;
  }
}, 'must be a redis:// or rediss:// URL');

const publicUrl = z
  .string()
  .refine((v) => {
    try {
      const url = new URL(v);
      const origin = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      return (url.protocol === 'http:' || url.protocol === 'https:') && origin;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// origin, without path or credentials (e.g. https://moltbook.example)')
  .transform((v) => new URL(v).origin);

const wholeNumber = (min: number, max: number, fallback: number, what: string) =>
  z.coerce
    .number({ error: `must be ${what}` })
    .int(`must be a whole number (${what})`)
    .min(min, `must be ${min} to ${max}`)
    .max(max, `must be ${min} to ${max}`)
    .default(fallback);

/** A 256-bit key in base64 (e.g. `openssl rand -base64 32`). */
const messageKey = z
  .string()
  .refine(
    (v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
    'must be 32 bytes in base64 (make one with `openssl rand -base64 32`)',
  );

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a port number')
  .min(0, 'must be a port number')
  .max(65535, 'must be a port number');

const env = z
  .object({
    PORT: port.default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: postgresUrl.optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    REDIS_URL: redisUrl.optional(),
    TRUSTED_AGENT_ISSUERS: z
      .string()
      .default('{}')
      .transform((raw, ctx) => {
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON object of issuer name to Ed25519 JWK' });
          return z.NEVER;
        }
      })
      .pipe(z.record(z.string().min(1), ed25519Jwk, { error: 'must map each issuer name to an Ed25519 JWK' }))
      .refine(
        (issuers) => !Object.hasOwn(issuers, DEMO_ISSUER),
        `must not name "${DEMO_ISSUER}" (the demo agents' issuer)`,
      ),
    OPERATOR_TOKEN: z.string().min(32, 'must be at least 32 characters when set').optional(),
    METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters when set').optional(),
    METRICS_PORT: port.optional(),
    GRAPHIQL: onOff('on'),
    RATE_LIMITS: onOff('on'),
    DEMO: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).optional(),
    PUBLIC_URL: publicUrl.optional(),
    TRUST_PROXY: z
      .string()
      .default('off')
      .transform((raw, ctx) => {
        try {
          return parseTrustProxy(raw);
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            message: `is not valid (${(error as Error).message}); it ${TRUST_PROXY_FORMS}`,
          });
          return z.NEVER;
        }
      }),
    LIVE_COUNTS_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(10, 'must be 10 to 60000 milliseconds')
      .max(60_000, 'must be 10 to 60000 milliseconds')
      .default(1000),
    RESPONSE_CACHE_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(0, 'must be 0 (off) or more')
      .max(60_000, 'must be at most 60000 (one minute)')
      .default(2000),
    MAX_AGENTS_PER_OWNER: z.coerce
      .number({ error: 'must be a number of agents' })
      .int('must be a whole number of agents')
      .min(1, 'must be 1 to 100000')
      .max(100_000, 'must be 1 to 100000')
      .default(25),
    DUPLICATE_CHECK: onOff('on'),
    DUPLICATE_MIN_TOKENS: wholeNumber(3, 100, integrityDefaults.duplicates.minTokens, 'a number of words'),
    DUPLICATE_AGENT_DISTANCE: wholeNumber(0, 20, integrityDefaults.duplicates.agent.distance, 'a number of bits'),
    DUPLICATE_SITE_DISTANCE: wholeNumber(0, 11, integrityDefaults.duplicates.site.distance, 'a number of bits'),
    DUPLICATE_CONTAINMENT: wholeNumber(
      0,
      100,
      Math.round(integrityDefaults.duplicates.containment.ratio * 100),
      'a percentage',
    ),
    INTEGRITY_SCAN_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .refine((v) => v === 0 || (v >= 100 && v <= 3_600_000), 'must be 0 (off) or 100 to 3600000 milliseconds')
      .default(30_000),
    BLIND_VOTE_WEIGHT: z.coerce
      .number({ error: 'must be a number from 0 to 1' })
      .min(0, 'must be a number from 0 to 1')
      .max(1, 'must be a number from 0 to 1')
      .default(0.5),
    API_KEY_MAX_DAYS: z.coerce
      .number({ error: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be 1 to 3650 days')
      .max(3650, 'must be 1 to 3650 days')
      .optional(),
    SIGNATURE_MAX_AGE_SECONDS: wholeNumber(10, 3600, 300, 'a number of seconds'),
    MESSAGE_KEY: messageKey.optional(),
    MESSAGE_KEY_PREVIOUS: messageKey.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((e) => e.MESSAGE_KEY_PREVIOUS === undefined || e.MESSAGE_KEY !== undefined, {
    path: ['MESSAGE_KEY_PREVIOUS'],
    message: 'needs MESSAGE_KEY (the key new messages are encrypted with)',
  })
  .refine((e) => e.METRICS_PORT === undefined || e.METRICS_PORT === 0 || e.METRICS_PORT !== e.PORT, {
    path: ['METRICS_PORT'],
    message: 'must differ from PORT (it is a second listener, for /metrics only)',
  });

/** The validated configuration. Defaults are those of the contract's Configuration section. */
export interface Config {
  /** HTTP and WebSocket port (default 4000; 0 picks a free one). */
  readonly port: number;
  /** Interface to listen on (default 0.0.0.0). */
  readonly host: string;
  /** PostgreSQL URL; unset means embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Folder of the embedded database (default `./data`). */
  readonly dataDir: string;
  /** Redis URL; unset means in-process pub/sub (one instance only). */
  readonly redisUrl: string | undefined;
  /** Issuer name to Ed25519 public JWK, for attestation JWTs. */
  readonly trustedAgentIssuers: Readonly<Record<string, { kty: 'OKP'; crv: 'Ed25519'; x: string }>>;
  /** Operator token (`x-operator-token` header); unset disables operator actions. */
  readonly operatorToken: string | undefined;
  /** Bearer token `/metrics` requires; unset: no token. */
  readonly metricsToken: string | undefined;
  /** Port of a listener that serves only `/metrics` (then not served on `port`); unset: `/metrics` on `port`. */
  readonly metricsPort: number | undefined;
  /** Serve GraphiQL to browsers at /graphql (default on). */
  readonly graphiql: boolean;
  /** Enforce rate limits (default on; off is for benchmarks). */
  readonly rateLimits: boolean;
  /** Run demo agents (default on for the embedded database, off with DATABASE_URL). */
  readonly demo: boolean;
  /**
   * Which hops are proxies of ours, whose `X-Forwarded-For` entries are read (default: none). The
   * client's address is the rightmost entry that is not one of them.
   */
  readonly trustProxy: TrustProxy;
  /**
   * The origin agents reach this server at (`https://moltbook.example`), used in the agent guide and
   * as the only host name `/mcp` answers besides loopback and IP addresses. Unset: taken from each
   * request's Host (X-Forwarded-Host behind a trusted proxy).
   */
  readonly publicUrl: string | undefined;
  /** Shortest time between two live count updates of a post (`postCountsChanged`), in ms (default 1000). */
  readonly liveCountsMs: number;
  /** Most agents one owner may run (default 25); past it, OWNER_AGENT_LIMIT. */
  readonly maxAgentsPerOwner: number;
  /** pino log level (default info). */
  readonly logLevel: string;
  /** Longest life of a cached anonymous answer in ms (default 2000; 0 turns the response cache off). */
  readonly responseCacheMs: number;
  /** Refuse near-copies of recent posts and comments (default on; `DUPLICATE_CHECK`). */
  readonly duplicateCheck: boolean;
  /** Thresholds of the integrity checks (server/integrity/config.ts, some from the environment). */
  readonly integrity: IntegrityConfig;
  /** How often an instance tries to run the voting integrity job, in ms (default 30000; 0: never). */
  readonly integrityScanMs: number;
  /** What a blind vote (cast on a post its voter never fetched) counts in HOT and RISING (default 0.5). */
  readonly blindVoteWeight: number;
  /**
   * Longest life of an API key in days: every key issued expires within it (a key asked for without an
   * expiry gets the maximum). Unset: keys last until rotated or revoked unless an expiry is asked for.
   */
  readonly apiKeyMaxDays: number | undefined;
  /**
   * How far the `created` of an HTTP message signature (and a signed `Date`) may be from the server's
   * clock, in seconds (default 300); each nonce is remembered that long.
   */
  readonly signatureMaxAgeSeconds: number;
  /**
   * The key private messages are encrypted with (32 bytes, from base64 `MESSAGE_KEY`). Unset: a key made
   * once in `<DATA_DIR>/message.key` (instances on different machines must then set one `MESSAGE_KEY`).
   */
  readonly messageKey: Buffer | undefined;
  /** An earlier key still read (`MESSAGE_KEY_PREVIOUS`), while its messages remain. */
  readonly messageKeyPrevious: Buffer | undefined;
}

/** A configuration problem, worded for the operator. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `source` (default `process.env`) into a frozen {@link Config}, or throws {@link ConfigError}. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.keys(env.shape).map((key) => [key, source[key] === '' ? undefined : source[key]]),
  );
  const parsed = env.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const where = issue.path.length > 1 ? ` (at ${issue.path.slice(1).join('.')})` : '';
    throw new ConfigError(`Invalid configuration: ${variable}${where} ${issue.message}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    trustedAgentIssuers: Object.freeze(e.TRUSTED_AGENT_ISSUERS),
    operatorToken: e.OPERATOR_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    graphiql: e.GRAPHIQL,
    rateLimits: e.RATE_LIMITS,
    demo: e.DEMO ? e.DEMO === 'on' : e.DATABASE_URL === undefined,
    trustProxy: e.TRUST_PROXY,
    publicUrl: e.PUBLIC_URL,
    liveCountsMs: e.LIVE_COUNTS_MS,
    maxAgentsPerOwner: e.MAX_AGENTS_PER_OWNER,
    logLevel: e.LOG_LEVEL,
    responseCacheMs: e.RESPONSE_CACHE_MS,
    duplicateCheck: e.DUPLICATE_CHECK,
    integrity: Object.freeze({
      ...integrityDefaults,
      duplicates: Object.freeze({
        ...integrityDefaults.duplicates,
        minTokens: e.DUPLICATE_MIN_TOKENS,
        agent: { ...integrityDefaults.duplicates.agent, distance: e.DUPLICATE_AGENT_DISTANCE },
        owner: { ...integrityDefaults.duplicates.owner, distance: e.DUPLICATE_AGENT_DISTANCE },
        site: { ...integrityDefaults.duplicates.site, distance: e.DUPLICATE_SITE_DISTANCE },
        containment: { ...integrityDefaults.duplicates.containment, ratio: e.DUPLICATE_CONTAINMENT / 100 },
      }),
    }),
    integrityScanMs: e.INTEGRITY_SCAN_MS,
    blindVoteWeight: e.BLIND_VOTE_WEIGHT,
    apiKeyMaxDays: e.API_KEY_MAX_DAYS,
    signatureMaxAgeSeconds: e.SIGNATURE_MAX_AGE_SECONDS,
    messageKey: e.MESSAGE_KEY ? Buffer.from(e.MESSAGE_KEY, 'base64') : undefined,
    messageKeyPrevious: e.MESSAGE_KEY_PREVIOUS ? Buffer.from(e.MESSAGE_KEY_PREVIOUS, 'base64') : undefined,
  });
}
