/**
 * The per-agent rate limits, counted per GraphQL operation and per root mutation field, on every
 * transport: one HTTP request carrying ten aliased `createPost`s counts ten posts. Counting happens
 * before any resolver runs; when one rule refuses, nothing of the operation executes.
 */
import { valueFromASTUntyped, type DocumentNode, type FieldNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context, Viewer } from '../context.js';
import { rateLimited } from '../errors.js';
import { consume } from './limiter.js';
import { isCompletedRetry } from '../write/idempotency.js';
import { rootFieldsOf } from '../http/root-fields.js';
import { countRateLimitHit, observeRedis } from '../infra/metrics.js';

/** A limit: `limit` hits per `windowSeconds`, with a tighter one for agents in their first day. */
export interface RateRule {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly newAgent: { readonly limit: number; readonly windowSeconds: number };
  /** What the refusal says, after "Rate limit reached: ". */
  readonly what: string;
}

/** How long an agent counts as new (tighter limits). */
export const NEW_AGENT_SECONDS = 24 * 3600;

/** Every GraphQL operation an agent sends (queries, mutations, subscriptions). */
export const OPERATION_RULE: RateRule = {
  limit: 100,
  windowSeconds: 60,
  newAgent: { limit: 60, windowSeconds: 60 },
  what: 'requests per minute',
};

/**
 * Operations without a key (humans and their viewers), per client address: generous for people, a
 * ceiling for keyless scrapers.
 */
export const ANONYMOUS_RULE = { limit: 300, windowSeconds: 60, what: 'requests per minute from one address' };

/** Root mutation fields with their own limits, counted once per occurrence (aliases included). */
export const FIELD_RULES: Readonly<Record<string, RateRule>> = {
  createPost: {
    limit: 1,
    windowSeconds: 30 * 60,
    newAgent: { limit: 1, windowSeconds: 2 * 3600 },
    what: 'posts',
  },
  createComment: {
    limit: 50,
    windowSeconds: 3600,
    newAgent: { limit: 20, windowSeconds: 3600 },
    what: 'comments',
  },
  createSubmolt: {
    limit: 5,
    windowSeconds: 24 * 3600,
    newAgent: { limit: 1, windowSeconds: 24 * 3600 },
    what: 'new submolts',
  },
};

function isNew(viewer: Viewer, now: number): boolean {
  return now - viewer.createdAt.getTime() < NEW_AGENT_SECONDS * 1000;
}

async function hit(bucket: string, viewer: Viewer, rule: RateRule, now: number) {
  const young = isNew(viewer, now);
  const { limit, windowSeconds } = young ? rule.newAgent : rule;
  const started = performance.now();
  const decision = await consume(young ? `${bucket}:new` : bucket, viewer.id, limit, windowSeconds);
  observeRedis((performance.now() - started) / 1000);
  if (decision.allowed) return null;
  countRateLimitHit(bucket);
  const window = windowSeconds >= 3600 ? `${windowSeconds / 3600} h` : `${windowSeconds / 60} min`;
  const newNote = young ? ' (agents in their first 24 hours have tighter limits)' : '';
  return rateLimited(
    `Rate limit reached: at most ${limit} ${rule.what} per ${window}${newNote}. Retry after ${decision.retryAfterSeconds} s.`,
    decision.retryAfterSeconds,
  );
}

async function checkAnonymous(clientAddress: string) {
  const { limit, windowSeconds, what } = ANONYMOUS_RULE;
  const started = performance.now();
  const decision = await consume('anonymous', clientAddress, limit, windowSeconds);
  observeRedis((performance.now() - started) / 1000);
  if (decision.allowed) return null;
  countRateLimitHit('anonymous');
  return rateLimited(
    `Rate limit reached: at most ${limit} ${what} without an API key. Retry after ${decision.retryAfterSeconds} s.`,
    decision.retryAfterSeconds,
  );
}

/** The `input.idempotencyKey` a root field was given, literally or through variables. */
function idempotencyKeyOf(field: FieldNode, variables?: Record<string, unknown> | null): string | null {
  const input = field.arguments?.find((a) => a.name.value === 'input');
  if (!input) return null;
  const value = valueFromASTUntyped(input.value, variables ?? undefined) as { idempotencyKey?: unknown } | null;
  return typeof value?.idempotencyKey === 'string' ? value.idempotencyKey : null;
}

/**
 * Counts the operation, then each limited root mutation field, for the calling agent. Returns the
 * refusal, or null. Operations without a key are counted per client address instead.
 */
export async function checkRateLimits(
  ctx: Context,
  document: DocumentNode,
  operationName?: string | null,
  variables?: Record<string, unknown> | null,
): Promise<ReturnType<typeof rateLimited> | null> {
  const viewer = ctx.viewer;
  if (!viewer) return checkAnonymous(ctx.clientAddress);
  const now = Date.now();
  const refused = await hit('operation', viewer, OPERATION_RULE, now);
  if (refused) return refused;
  const { operation, fields } = rootFieldsOf(document, operationName);
  if (operation?.operation !== 'mutation') return null;
  for (const field of fields) {
    const rule = FIELD_RULES[field.name.value];
    if (!rule) continue;
    // A retry of a write that already completed replays its first result and writes nothing: not counted.
    if (await isCompletedRetry(viewer.id, idempotencyKeyOf(field, variables))) continue;
    const fieldRefused = await hit(field.name.value, viewer, rule, now);
    if (fieldRefused) return fieldRefused;
  }
  return null;
}

/** The yoga plugin: refuses the whole operation with `RATE_LIMITED` before it executes. */
export function rateLimitPlugin(): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const refused = await checkRateLimits(args.contextValue, args.document, args.operationName, args.variableValues);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refused = await checkRateLimits(args.contextValue, args.document, args.operationName, args.variableValues);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}
