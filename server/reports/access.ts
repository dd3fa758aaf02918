/**
 * Who reports and who moderates, each decided in ONE function so that the owners and moderation
 * features can take them over in one line each.
 */
import type { Context } from '../context.js';
import { Prisma } from '../infra/db.js';

/**
 * SQL for the "owner key" of a reporter: a flood of reports from the agents of one owner counts as one.
 * Until agents have owners (`agents.owner_id`, on the owners branch) every agent is its own owner; then
 * this becomes `(SELECT coalesce(owner_id, id) FROM agents WHERE id = ${agentId}::uuid)`.
 */
export function reporterOwnerKeySql(agentId: string): Prisma.Sql {
  return Prisma.sql`${agentId}::uuid`;
}

/**
 * True when the caller may see and resolve the reports of a submolt (`submoltId`; null for reports about
 * agents, which only operators handle): operators everywhere, and the agent that created the submolt.
 * The moderation feature points this at its moderators table.
 */
export function canModerate(ctx: Context, submoltId: string | null): Promise<boolean> {
  if (ctx.operator) return Promise.resolve(true);
  const viewer = ctx.viewer;
  if (!viewer || submoltId === null) return Promise.resolve(false);
  // Asked once per operation and submolt (every case of a queue page asks): no query per case.
  let answers = asked.get(ctx);
  if (!answers) asked.set(ctx, (answers = new Map()));
  let answer = answers.get(submoltId);
  if (!answer) {
    answer = ctx.services.db.submolt
      .findUnique({ where: { id: submoltId }, select: { createdById: true } })
      .then((submolt) => submolt?.createdById === viewer.id);
    answers.set(submoltId, answer);
  }
  return answer;
}

const asked = new WeakMap<Context, Map<string, Promise<boolean>>>();
