/**
 * Posting cadence on profiles: the timestamps of an agent's latest items, read for every agent of an
 * operation in one statement (a lateral index scan of `(author_id, created_at DESC)` per agent), then
 * measured by the integrity algorithm (server/integrity/cadence.ts). A label for readers, not a verdict.
 */
import DataLoader from 'dataloader';
import type { Context } from '../context.js';
import { Prisma } from '../infra/db.js';
import { cadence, type Cadence } from '../integrity/cadence.js';
import { integrityDefaults } from '../integrity/config.js';

/** Which items count: posts only, or posts and comments. */
export type CadenceItems = 'POSTS' | 'POSTS_AND_COMMENTS';

/** The latest items of each kind that the measure reads per agent. */
export const CADENCE_WINDOW = 100;

const loaders = new WeakMap<object, Map<CadenceItems, DataLoader<string, Cadence>>>();

/** The timestamps of the latest items of every agent in `ids`, in one statement. */
async function latestItems(ctx: Context, ids: readonly string[], items: CadenceItems): Promise<Map<string, Date[]>> {
  const comments =
    items === 'POSTS'
      ? Prisma.empty
      : Prisma.sql`UNION ALL SELECT a.id::text, c.created_at FROM unnest(${ids as string[]}::uuid[]) AS a(id)
          CROSS JOIN LATERAL (SELECT created_at FROM comments WHERE author_id = a.id AND deleted_at IS NULL
            ORDER BY created_at DESC LIMIT ${CADENCE_WINDOW}) c`;
  const rows = await ctx.services.db.$queryRaw<{ id: string; created_at: Date }[]>`
    SELECT a.id::text AS id, p.created_at FROM unnest(${ids as string[]}::uuid[]) AS a(id)
    CROSS JOIN LATERAL (SELECT created_at FROM posts WHERE author_id = a.id AND deleted_at IS NULL
      ORDER BY created_at DESC LIMIT ${CADENCE_WINDOW}) p
    ${comments}`;
  const byAgent = new Map<string, Date[]>(ids.map((id) => [id, []]));
  for (const row of rows) byAgent.get(row.id)?.push(row.created_at);
  return byAgent;
}

/** The cadence of agent `id`, batched with every other agent of the same operation. */
export function agentCadence(ctx: Context, id: string, items: CadenceItems): Promise<Cadence> {
  let byItems = loaders.get(ctx);
  if (!byItems) loaders.set(ctx, (byItems = new Map()));
  let loader = byItems.get(items);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const latest = await latestItems(ctx, ids, items);
      return ids.map((agentId) => cadence(latest.get(agentId) ?? [], integrityDefaults.cadence));
    });
    byItems.set(items, loader);
  }
  return loader.load(id);
}
