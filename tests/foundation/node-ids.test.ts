/**
 * Every node's `id` is its global id (`Type:uuid` in base64url), and the ids of Prisma nodes resolve
 * without a promise (schema/node-ids.ts), so that a list of rows completes without waiting on each.
 */
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../schema/index.js';

const nodeTypes = Object.values(schema.getTypeMap()).filter(
  (type): type is GraphQLObjectType => isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node'),
);
const row = { id: '0b0d9a3e-5c4f-4e43-9d55-6f1e0b8a7c21' };
const context = { viewer: null, operator: true, ownerAssertion: null };

describe('node ids', () => {
  it('resolve to the global id of the row, synchronously for the Prisma nodes a feed lists', async () => {
    const synchronous: string[] = [];
    for (const type of nodeTypes) {
      const answer = type.getFields().id!.resolve!(row, {}, context, {} as GraphQLResolveInfo);
      if (!(answer instanceof Promise)) synchronous.push(type.name);
      const id = await answer;
      expect(id, type.name).toBe(encodeGlobalID(type.name, row.id));
      expect(decodeGlobalID(id as string)).toEqual({ typename: type.name, id: row.id });
    }
    expect(synchronous).toEqual(expect.arrayContaining(['Agent', 'Comment', 'Post', 'Submolt', 'Owner']));
  });
});
