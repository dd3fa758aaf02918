/**
 * Synchronous global ids. The Relay plugin resolves every node's `id` through an `async` function, so each
 * row of every list completes as a promise: a feed page of 25 posts waits on 25 of them, with the
 * executor's bookkeeping for each. A Prisma node's id is its `id` column encoded (`Type:id` in base64),
 * which needs no waiting: {@link syncNodeIds} gives those fields a synchronous resolver that encodes the
 * same string (tests/foundation/node-ids.test.ts checks every node type).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType, type GraphQLSchema } from 'graphql';

const AsyncFunction = (async () => {}).constructor;

/** Replaces the asynchronous `id` resolver of every Prisma node type of `schema`; returns `schema`. */
export function syncNodeIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.extensions.pothosPrismaModel) continue;
    if (!type.getInterfaces().some((iface) => iface.name === 'Node')) continue;
    const field = type.getFields().id;
    // Only the Relay plugin's own resolver (asynchronous, wrapped by no other plugin) is replaced.
    if (!field?.resolve || !(field.resolve instanceof AsyncFunction)) continue;
    const name = type.name;
    field.resolve = (parent: { id: unknown }) => encodeGlobalID(name, String(parent.id));
  }
  return schema;
}
