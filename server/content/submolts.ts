/** Submolts: create, subscribe, unsubscribe. Counters change atomically with the row. */
import { badInput, conflict, isUniqueViolation, notFound } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type Tx, type WriteOutcome } from '../write/idempotency.js';
import { assertNoSecrets } from '../write/secrets.js';
import type { Context } from '../context.js';
import type { PrismaClient } from '../infra/db.js';
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
  assertNoSecrets(ctx, displayName, 'displayName');
  assertNoSecrets(ctx, description, 'description');
  const write = async (tx: Tx) => {
    const submolt = await tx.submolt.create({
      data: { name, displayName, description, createdById: agent.id, subscriberCount: 1 },
    });
    await tx.submoltSubscription.create({ data: { agentId: agent.id, submoltId: submolt.id } });
    return submolt.id;
  };
  try {
    const outcome = await idempotentWrite(ctx, 'createSubmolt', { ...input }, write, { limit: 'createSubmolt' });
    await ctx.services.activity.touch(agent.id);
    return outcome;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`The submolt name "${name}" is already taken.`);
    throw error;
  }
}

/** The submolt named `name` (case-insensitive); `NOT_FOUND` when there is none. */
export async function existingSubmolt(db: PrismaClient, name: string): Promise<{ id: string; name: string }> {
  const submolt = await db.submolt.findUnique({
    where: { name: name.trim().toLowerCase() },
    select: { id: true, name: true },
  });
  if (!submolt) throw notFound('submolt', name);
  return submolt;
}

/** Subscribes the caller to a submolt (again is harmless) and returns the submolt's id. */
export async function subscribeSubmolt(ctx: Context, name: string, idempotencyKey?: string | null) {
  const agent = writer(ctx);
  checkIdempotencyKey(idempotencyKey);
  const { id } = await existingSubmolt(ctx.services.db, name);
  return idempotentWrite(ctx, 'subscribeSubmolt', { name, idempotencyKey }, async (tx) => {
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
  const { id } = await existingSubmolt(ctx.services.db, name);
  return idempotentWrite(ctx, 'unsubscribeSubmolt', { name, idempotencyKey }, async (tx) => {
    const removed = await tx.submoltSubscription.deleteMany({ where: { agentId: agent.id, submoltId: id } });
    if (removed.count) await tx.submolt.update({ where: { id }, data: { subscriberCount: { decrement: 1 } } });
    return id;
  });
}
