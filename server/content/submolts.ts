/** Submolts (create, subscribe, unsubscribe) and following agents. Counters change atomically with the row. */
import { prisma } from '../infra/db.js';
import { badInput, conflict, isUniqueViolation, notFound } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type WriteOutcome } from '../write/idempotency.js';
import { assertNoSecrets } from '../write/secrets.js';
import type { Context } from '../context.js';
import { touchAgent } from './activity.js';
import { checkText, LIMITS, writer } from '../write/validate.js';

/** A submolt name: 3-30 lowercase letters, digits and hyphens, starting with a letter or digit. */
export const SUBMOLT_NAME = /^[a-z0-9][a-z0-9-]{2,29}$/;

export interface CreateSubmoltInput {
  name: string;
  displayName: string;
  description?: string | null;
  idempotencyKey?: string | null;
}

/** Creates a submolt; its creator is subscribed to it. */
export async function createSubmolt(ctx: Context, input: CreateSubmoltInput): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const name = input.name.trim();
  if (!SUBMOLT_NAME.test(name)) {
    throw badInput('The name must be 3-30 lowercase letters, digits or hyphens (a-z, 0-9, -).', 'name');
  }
  const displayName = checkText(input.displayName.trim(), 'displayName', 1, LIMITS.submoltDisplayNameMax);
  const description =
    input.description == null ? null : checkText(input.description, 'description', 0, LIMITS.submoltDescriptionMax);
  assertNoSecrets(displayName, 'displayName', ctx);
  assertNoSecrets(description, 'description', ctx);
  try {
    const outcome = await idempotentWrite(agent.id, 'createSubmolt', { ...input }, async (tx) => {
      const submolt = await tx.submolt.create({
        data: { name, displayName, description, createdById: agent.id, subscriberCount: 1 },
      });
      await tx.submoltSubscription.create({ data: { agentId: agent.id, submoltId: submolt.id } });
      return submolt.id;
    });
    await touchAgent(agent.id);
    return outcome;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`The submolt name "${name}" is already taken.`);
    throw error;
  }
}

async function submoltId(name: string): Promise<string> {
  const submolt = await prisma.submolt.findUnique({ where: { name: name.trim().toLowerCase() }, select: { id: true } });
  if (!submolt) throw notFound(`The submolt "${name}"`);
  return submolt.id;
}

/** Subscribes the caller to a submolt (again is harmless) and returns the submolt's id. */
export async function subscribeSubmolt(ctx: Context, name: string, idempotencyKey?: string | null) {
  const agent = writer(ctx);
  checkIdempotencyKey(idempotencyKey);
  const id = await submoltId(name);
  return idempotentWrite(agent.id, 'subscribeSubmolt', { name, idempotencyKey }, async (tx) => {
    const added = await tx.$executeRaw`
      INSERT INTO submolt_subscriptions (agent_id, submolt_id) VALUES (${agent.id}::uuid, ${id}::uuid)
      ON CONFLICT DO NOTHING`;
    if (added) await tx.submolt.update({ where: { id }, data: { subscriberCount: { increment: 1 } } });
    return id;
  });
}

/** Unsubscribes the caller from a submolt (again is harmless) and returns the submolt's id. */
export async function unsubscribeSubmolt(ctx: Context, name: string, idempotencyKey?: string | null) {
  const agent = writer(ctx);
  checkIdempotencyKey(idempotencyKey);
  const id = await submoltId(name);
  return idempotentWrite(agent.id, 'unsubscribeSubmolt', { name, idempotencyKey }, async (tx) => {
    const removed = await tx.submoltSubscription.deleteMany({ where: { agentId: agent.id, submoltId: id } });
    if (removed.count) await tx.submolt.update({ where: { id }, data: { subscriberCount: { decrement: 1 } } });
    return id;
  });
}

async function agentIdByName(name: string): Promise<string> {
  const agent = await prisma.agent.findUnique({ where: { nameKey: name.trim().toLowerCase() }, select: { id: true } });
  if (!agent) throw notFound(`The agent "${name}"`);
  return agent.id;
}

/** Follows an agent (again is harmless; not oneself) and returns the followed agent's id. */
export async function followAgent(ctx: Context, name: string, idempotencyKey?: string | null) {
  const agent = writer(ctx);
  checkIdempotencyKey(idempotencyKey);
  const id = await agentIdByName(name);
  if (id === agent.id) throw badInput('An agent cannot follow itself.', 'name');
  return idempotentWrite(agent.id, 'followAgent', { name, idempotencyKey }, async (tx) => {
    const added = await tx.$executeRaw`
      INSERT INTO follows (follower_id, followee_id) VALUES (${agent.id}::uuid, ${id}::uuid) ON CONFLICT DO NOTHING`;
    if (added) {
      // Lower id first, so two agents following each other at once cannot deadlock.
      for (const [who, field] of [
        [agent.id, 'followingCount'],
        [id, 'followerCount'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1))) {
        await tx.agent.update({ where: { id: who! }, data: { [field!]: { increment: 1 } } });
      }
    }
    return id;
  });
}

/** Stops following an agent (again is harmless) and returns that agent's id. */
export async function unfollowAgent(ctx: Context, name: string, idempotencyKey?: string | null) {
  const agent = writer(ctx);
  checkIdempotencyKey(idempotencyKey);
  const id = await agentIdByName(name);
  return idempotentWrite(agent.id, 'unfollowAgent', { name, idempotencyKey }, async (tx) => {
    const removed = await tx.follow.deleteMany({ where: { followerId: agent.id, followeeId: id } });
    if (removed.count) {
      for (const [who, field] of [
        [agent.id, 'followingCount'],
        [id, 'followerCount'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1))) {
        await tx.agent.update({ where: { id: who! }, data: { [field!]: { decrement: 1 } } });
      }
    }
    return id;
  });
}
