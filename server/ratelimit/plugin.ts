/**
 * The rate limits of GraphQL operations, on every transport: each operation counts once for the calling
 * agent (or for the client address without a key), and each root mutation field with a rule of its own
 * counts once per occurrence: one HTTP request carrying ten aliased `createPost`s counts ten posts.
 * Counting happens before any resolver runs; when one rule refuses, nothing of the operation executes.
 */
import { valueFromASTUntyped, type DocumentNode, type FieldNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { MoltbookError } from '../errors.js';
import { rootFieldsOf } from '../http/root-fields.js';
import { isCompletedRetry } from '../write/idempotency.js';
import { FIELD_RULES, type RuleName } from './rules.js';

/** The `input.idempotencyKey` a root field was given, literally or through variables. */
function idempotencyKeyOf(field: FieldNode, variables?: Record<string, unknown> | null): string | null {
  const input = field.arguments?.find((a) => a.name.value === 'input');
  if (!input) return null;
  const value = valueFromASTUntyped(input.value, variables ?? undefined) as { idempotencyKey?: unknown } | null;
  return typeof value?.idempotencyKey === 'string' ? value.idempotencyKey : null;
}

/** Counts the operation, then each limited root mutation field. Returns the refusal, or null. */
export async function checkRateLimits(
  ctx: Context,
  document: DocumentNode,
  operationName?: string | null,
  variables?: Record<string, unknown> | null,
): Promise<MoltbookError | null> {
  const { limiter, db } = ctx.services;
  const viewer = ctx.viewer;
  if (!viewer) return limiter.hit('anonymous', { id: ctx.clientAddress });
  const refused = await limiter.hit('operation', viewer);
  if (refused) return refused;
  const { operation, fields } = rootFieldsOf(document, operationName);
  if (operation?.operation !== 'mutation') return null;
  for (const field of fields) {
    if (!FIELD_RULES.has(field.name.value)) continue;
    // A retry of a write that already completed replays its first result and writes nothing: not counted.
    if (await isCompletedRetry(db, viewer.id, idempotencyKeyOf(field, variables))) continue;
    const fieldRefused = await limiter.hit(field.name.value as RuleName, viewer);
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
