/**
 * Fields of planned rows resolve straight from the row.
 *
 * Every field of a Prisma type that has a `select` (in select mode, every column a field exposes) is
 * wrapped by Prisma's plugin: before it resolves, the wrapper looks up how its row was loaded (the
 * loader mapping of its response path), and loads the row again when the query did not select what the
 * field needs. A feed page runs that lookup for every field of every row, a fifth of its CPU.
 *
 * A row that a planned statement loaded (server/content/post-rows.ts) is marked {@link PLANNED}: the
 * statement read every column the query's selection beneath it needs, and its relation objects are
 * planned rows too, so there is nothing to look up. Two plugins, on either side of Prisma's in the
 * builder's list, let such a row skip the wrapper: `plannedRowsDirect` (inside) keeps the resolver Prisma
 * wraps, and `plannedRowsEntry` (outside) calls it for a planned row and Prisma's wrapper for any other.
 * The plugins outside Prisma's (scope-auth) run either way.
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { PLANNED } from '../server/content/post-rows.js';

type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types['Context'], object>;

/** The resolvers beneath Prisma's wrapper, by the field they belong to. */
const direct = new WeakMap<object, Resolver<SchemaTypes>>();

/** The fields Prisma's plugin wraps (the rule of its own `wrapResolve`). */
function wrappedByPrisma(config: PothosOutputFieldConfig<SchemaTypes>): boolean {
  return config.kind === 'PrismaObject' && Boolean(config.extensions?.pothosPrismaSelect);
}

const isPlanned = (parent: unknown): boolean => typeof parent === 'object' && parent !== null && PLANNED in parent;

/** Placed after Prisma's plugin: keeps the resolver Prisma's wrapper calls. */
class PlannedRowsDirect<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: Resolver<Types>, config: PothosOutputFieldConfig<Types>): Resolver<Types> {
    if (wrappedByPrisma(config as never)) direct.set(config, resolver as Resolver<SchemaTypes>);
    return resolver;
  }
}

/** Placed before Prisma's plugin: a planned row goes to the kept resolver, any other to Prisma's wrapper. */
class PlannedRowsEntry<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: Resolver<Types>, config: PothosOutputFieldConfig<Types>): Resolver<Types> {
    const own = direct.get(config) as Resolver<Types> | undefined;
    if (!own) return resolver;
    return (parent, args, context, info) =>
      isPlanned(parent) ? own(parent, args, context, info) : resolver(parent, args, context, info);
  }
}

SchemaBuilder.registerPlugin('plannedRowsDirect', PlannedRowsDirect);
SchemaBuilder.registerPlugin('plannedRowsEntry', PlannedRowsEntry);

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      plannedRowsDirect: PlannedRowsDirect<Types>;
      plannedRowsEntry: PlannedRowsEntry<Types>;
    }
  }
}

export const PlannedRowsEntryPlugin = 'plannedRowsEntry' as const;
export const PlannedRowsDirectPlugin = 'plannedRowsDirect' as const;
