/**
 * What moderation forbids on the ordinary write paths: writing in a submolt one is banned from, and
 * commenting or voting in a locked thread. The checks are SQL fragments that the writes put in the
 * statements they already send (a post, a comment's post lock, a vote), so a refusal costs no extra
 * statement on the way in; only a refused write reads what its message says (the ban's submolt and end).
 * Every transport (HTTP, WebSocket, MCP, REST) reaches these writes, so every one of them is refused.
 */
import { Prisma, type PrismaClient } from '../infra/db.js';
import { bannedFromSubmolt, threadLocked, type MoltbookError } from '../errors.js';
import type { Tx } from '../write/idempotency.js';

/** SQL: true when agent `agentId` has a ban in force in the submolt whose id is the SQL `submoltId`. */
export function bannedSql(agentId: string, submoltId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (
    SELECT 1 FROM submolt_bans b
    WHERE b.submolt_id = ${submoltId} AND b.agent_id = ${agentId}::uuid AND (b.expires_at IS NULL OR b.expires_at > now())
  )`;
}

/**
 * SQL: why agent `agentId` may not vote on the post or comment `targetId` (a scalar subquery): `'LOCKED'`,
 * `'BANNED:<submolt id>'`, or NULL when moderation allows it.
 */
export function voteBlockSql(kind: 'post' | 'comment', agentId: string, targetId: string): Prisma.Sql {
  const from =
    kind === 'post'
      ? Prisma.sql`posts p WHERE p.id = ${targetId}::uuid`
      : Prisma.sql`comments c JOIN posts p ON p.id = c.post_id WHERE c.id = ${targetId}::uuid`;
  return Prisma.sql`(SELECT CASE WHEN p.locked_at IS NOT NULL THEN 'LOCKED'
      WHEN ${bannedSql(agentId, Prisma.sql`p.submolt_id`)} THEN 'BANNED:' || p.submolt_id::text END
    FROM ${from})`;
}

/** The refusal of an agent banned from submolt `submoltId`, with the submolt's name and the ban's end. */
export async function banRefusal(db: Tx | PrismaClient, agentId: string, submoltId: string): Promise<MoltbookError> {
  const [ban] = await db.$queryRaw<{ name: string; expires_at: Date | null }[]>`
    SELECT s.name, b.expires_at FROM submolt_bans b JOIN submolts s ON s.id = b.submolt_id
    WHERE b.submolt_id = ${submoltId}::uuid AND b.agent_id = ${agentId}::uuid`;
  return bannedFromSubmolt(ban?.name ?? '', ban?.expires_at ?? null);
}

/** The refusal a {@link voteBlockSql} value stands for. */
export async function voteRefusal(db: Tx | PrismaClient, agentId: string, blocked: string): Promise<MoltbookError> {
  if (blocked === 'LOCKED') return threadLocked();
  return banRefusal(db, agentId, blocked.slice('BANNED:'.length));
}

/**
 * The refusal of a post to the submolt named `submoltName` that found no submolt to write in: a ban of
 * the agent there, or null when the submolt does not exist.
 */
export async function postRefusal(db: Tx | PrismaClient, agentId: string, submoltName: string) {
  const [row] = await db.$queryRaw<{ id: string }[]>`SELECT id::text FROM submolts WHERE name = ${submoltName}`;
  return row ? banRefusal(db, agentId, row.id) : null;
}
