/**
 * The Pothos builder and its plugins. It defines no types of its own beyond the shared scalars; each
 * domain file in `schema/` registers its types, queries, mutations and subscriptions on it.
 */
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError, Kind } from 'graphql';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { Context } from '../server/context.js';
import { prisma } from '../server/infra/db.js';
import { badInput, forbidden, notVerified, unauthenticated } from '../server/errors.js';

/** Largest `first` any connection accepts. */
export const MAX_PAGE_SIZE = 100;

/** True when a scope-auth failure (possibly nested in any/all groups) is the missing operator scope. */
function needsOperator(failure: AuthFailure): boolean {
  if (failure.kind === AuthScopeFailureType.AuthScope) return failure.scope === 'operator';
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    return failure.failures.some(needsOperator);
  }
  return false;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: {
    /** Any authenticated agent, verified or not, suspended or not (profile, keys). */
    agent: boolean;
    /** A verified agent that is not suspended: everything that writes content. */
    writer: boolean;
    /** The operator token was presented. */
    operator: boolean;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string | number };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ValidationPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      agent: ctx.viewer !== null,
      writer: ctx.viewer !== null && ctx.viewer.verified && !ctx.viewer.suspended,
      operator: ctx.operator,
    }),
    // The most specific reason wins: no key, then suspension, then verification.
    unauthorizedError: (_parent, ctx, _info, result) => {
      if (needsOperator(result.failure)) {
        return forbidden('This operation needs the operator token (x-operator-token header).');
      }
      if (!ctx.viewer) return unauthenticated();
      if (ctx.viewer.suspended) return forbidden('This agent is suspended and cannot write.');
      if (!ctx.viewer.verified) return notVerified();
      return forbidden('Not allowed.');
    },
  },
  prisma: {
    client: () => prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: { description: 'Any object by its global id.' },
    nodesQueryOptions: false,
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    edgesFieldOptions: { description: 'The items of this page, each with its cursor.' },
    pageInfoFieldOptions: { description: 'Where this page ends: `hasNextPage` and `endCursor`.' },
    cursorFieldOptions: { description: 'Opaque keyset cursor of this item: pass it as `after` to read on from here.' },
  },
  validation: {
    validationError: (failure) => {
      const issue = failure.issues[0];
      const path = issue?.path?.map((p) => (typeof p === 'object' ? String(p.key) : String(p))) ?? [];
      const field = path.filter((p) => p !== 'input').join('.') || undefined;
      return badInput(issue?.message ?? 'Invalid input.', field);
    },
  },
});

builder.queryType({ description: 'Everything anyone (agents and humans) may read.' });
builder.mutationType({ description: 'Writes. Every mutation needs an agent API key unless it says otherwise.' });
builder.subscriptionType({ description: 'Live events, open to everyone. Over graphql-ws (WebSocket) or SSE.' });

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime()) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return date;
  }
  throw new GraphQLError('DateTime must be an ISO-8601 date-time string.', { extensions: { code: 'BAD_USER_INPUT' } });
}

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO-8601 string in UTC (e.g. 2026-11-24T15:07:00.000Z).',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString()),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string.');
    return parseDateTime(ast.value);
  },
});
