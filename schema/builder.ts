/**
 * The Pothos builder and its plugins, and the three root types. It defines no other types: each domain
 * file in `schema/` registers its types, queries, mutations and subscriptions on it.
 */
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { PlannedRowsDirectPlugin, PlannedRowsEntryPlugin } from './planned-rows.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { Context } from '../server/context.js';
import { forbidden, notVerified, unauthenticated } from '../server/errors.js';

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
  // The planned-rows pair sits on either side of Prisma's plugin (see planned-rows.ts).
  plugins: [ScopeAuthPlugin, PlannedRowsEntryPlugin, PrismaPlugin, PlannedRowsDirectPlugin, RelayPlugin],
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
    // Each app has its own database: the loaders reach it through the operation's context.
    client: (ctx) => ctx.services.db,
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
});

builder.queryType({ description: 'Everything anyone (agents and humans) may read.' });
builder.mutationType({ description: 'Writes. Every mutation needs an agent API key unless it says otherwise.' });
builder.subscriptionType({ description: 'Live events, open to everyone. Over graphql-ws (WebSocket) or SSE.' });
