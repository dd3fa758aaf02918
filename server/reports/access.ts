/**
 * Who reports and who moderates, each decided in one function: the reporter's owner (a flood from one
 * owner counts once) and who may read and resolve a submolt's report queue.
 */
import type { Context } from '../context.js';
import { Prisma } from '../infra/db.js';
import { canModerate as moderates } from '../moderation/access.js';

/**
 * SQL for the "owner key" of a reporter: a flood of reports from the agents of one owner counts as one
 * (an agent without an owner is its own).
 */
export function reporterOwnerKeySql(agentId: string): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(owner_id, id) FROM agents WHERE id = ${agentId}::uuid)`;
}

/**
 * True when the caller may see and resolve the reports of a submolt (`submoltId`; null for reports about
 * agents, which only operators handle): operators everywhere, the submolt's owner and its moderators
 * (server/moderation/access.ts). Asked once per operation and submolt: a queue page asks for every case.
 */
export function canModerate(ctx: Context, submoltId: string | null): Promise<boolean> {
  if (ctx.operator) return Promise.resolve(true);
  if (!ctx.viewer || submoltId === null) return Promise.resolve(false);
  let answers = asked.get(ctx);
  if (!answers) asked.set(ctx, (answers = new Map()));
  let answer = answers.get(submoltId);
  if (!answer) {
    answer = moderates(ctx, submoltId);
    answers.set(submoltId, answer);
  }
  return answer;
}

const asked = new WeakMap<Context, Map<string, Promise<boolean>>>();
