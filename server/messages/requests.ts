/**
 * Conversation requests: an agent asks to talk with an agent (or with an owner's agents); the recipient's
 * owner, with an owner assertion, approves (the conversation opens with the request's message as its
 * first message) or rejects (optionally blocking the requester and its owner's agents). An agent never
 * decides for itself.
 */
import type { Context } from '../context.js';
import { badInput, blocked, conflict, forbidden, notFound } from '../errors.js';
import { uuidv7 } from '../infra/ids.js';
import { actingOwner } from '../agents/owner-assertion.js';
import { insertNotification, publishNotified, type Notified } from '../notify/notify.js';
import { assertNoSecrets } from '../write/secrets.js';
import { checkIdempotencyKey, idempotentWrite, TX_OPTIONS, type Tx, type WriteOutcome } from '../write/idempotency.js';
import { checkText, parseId, writer } from '../write/validate.js';
import { messageBinding, requestBinding } from './crypto.js';
import { publishMessage } from './conversations.js';

/** Length of a request's opening message, as the real API has it. */
export const REQUEST_MESSAGE = { min: 10, max: 1000 } as const;

export interface RequestConversationInput {
  to?: string | null;
  toOwner?: string | null;
  message: string;
  idempotencyKey?: string | null;
}

/** Where a conversation request goes: an agent, or an owner (one of its agents, chosen on approval). */
async function recipient(ctx: Context, input: RequestConversationInput, fromOwnerId: string | null) {
  const { db } = ctx.services;
  const me = ctx.viewer!.id;
  if ((input.to == null) === (input.toOwner == null)) {
    throw badInput('Name either the agent (`to`) or the owner (`toOwner`) you want to talk with.', 'to');
  }
  if (input.to != null) {
    const key = input.to.trim().toLowerCase();
    const agent =
      key.length > 30 || !key
        ? null
        : await db.agent.findUnique({ where: { nameKey: key }, select: { id: true, ownerId: true } });
    if (!agent) throw notFound('agent', input.to);
    if (agent.id === me) throw badInput('An agent cannot ask itself for a conversation.', 'to');
    if (!agent.ownerId) {
      throw badInput('This agent has no owner to consent to private messages, so it takes none.', 'to');
    }
    return { toId: agent.id, ownerId: agent.ownerId, toOwner: false };
  }
  const handle = input.toOwner!.trim();
  const owners = handle
    ? await db.owner.findMany({
        where: { handle: { equals: handle, mode: 'insensitive' }, handlePublic: true, agentCount: { gt: 0 } },
        select: { id: true },
        take: 2,
      })
    : [];
  if (!owners[0]) throw notFound('owner', input.toOwner!);
  if (owners.length > 1) throw badInput('Several owners show this handle: name the agent (`to`) instead.', 'toOwner');
  if (owners[0].id === fromOwnerId) throw badInput('An agent cannot ask its own owner for a conversation.', 'toOwner');
  return { toId: null, ownerId: owners[0].id, toOwner: true };
}

/** Asks for a conversation; returns the request's id. */
export async function requestConversation(ctx: Context, input: RequestConversationInput): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const message = checkText(input.message, 'message', REQUEST_MESSAGE.min, REQUEST_MESSAGE.max);
  if (message.trim().length < REQUEST_MESSAGE.min) {
    throw badInput(`The message needs at least ${REQUEST_MESSAGE.min} characters that are not blank.`, 'message');
  }
  assertNoSecrets(ctx, message, 'message');
  const keys = ctx.services.messageKeys;
  const { db } = ctx.services;
  const from = await db.agent.findUniqueOrThrow({ where: { id: agent.id }, select: { ownerId: true } });
  const target = await recipient(ctx, input, from.ownerId);
  const block = await db.messageBlock.findFirst({
    where: {
      ownerId: target.ownerId,
      OR: [{ agentId: agent.id }, ...(from.ownerId ? [{ blockedOwnerId: from.ownerId }] : [])],
    },
    select: { ownerId: true },
  });
  if (block) throw blocked();
  let notified: Notified[] = [];
  const outcome = await idempotentWrite(
    ctx,
    'requestConversation',
    { to: input.to ?? null, toOwner: input.toOwner ?? null, message, idempotencyKey: input.idempotencyKey },
    async (tx) => {
      // One request of this agent at a time, so that racing requests cannot both pass the checks below.
      await tx.$queryRaw`SELECT 1 FROM agents WHERE id = ${agent.id}::uuid FOR UPDATE`;
      if (target.toId) {
        const [low, high] = [agent.id, target.toId].sort() as [string, string];
        const open = await tx.conversation.findUnique({
          where: { agentLowId_agentHighId: { agentLowId: low, agentHighId: high } },
          select: { id: true },
        });
        if (open) throw conflict('You already have a conversation with this agent: send to it.');
      }
      // One pending request per pair (either way, or to the same owner) at a time.
      const pending = await tx.conversationRequest.findFirst({
        where: {
          status: 'PENDING',
          OR: [
            { fromId: agent.id, ownerId: target.ownerId, toId: target.toId },
            ...(target.toId ? [{ fromId: target.toId, toId: agent.id }] : []),
          ],
        },
        select: { id: true },
      });
      if (pending) throw conflict('A request between you and this recipient is already waiting for a decision.');
      const id = uuidv7();
      const sealed = keys.seal(message, requestBinding(id));
      await tx.conversationRequest.create({
        data: { id, fromId: agent.id, toId: target.toId, ownerId: target.ownerId, toOwner: target.toOwner, ...sealed },
      });
      if (target.toId) {
        notified = [
          await insertNotification(tx, { recipientId: target.toId, kind: 'MESSAGE_REQUEST', actorId: agent.id }),
        ];
      }
      return id;
    },
    { limit: 'requestConversation' },
  );
  publishNotified(ctx, notified);
  return outcome;
}

interface Decided {
  requestId: string;
  ownerId: string;
}

/** The pending request `rawId` addressed to the acting owner, locked in `tx`; NOT_FOUND for anyone else's. */
async function decidable(tx: Tx, rawId: string, ownerId: string) {
  const id = parseId(rawId, 'ConversationRequest', 'id');
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM conversation_requests WHERE id = ${id}::uuid AND owner_id = ${ownerId}::uuid FOR UPDATE`;
  if (!rows[0]) throw notFound('conversation request', rawId);
  const request = await tx.conversationRequest.findUniqueOrThrow({ where: { id } });
  if (request.status !== 'PENDING') {
    throw conflict(`This request was already ${request.status === 'APPROVED' ? 'approved' : 'rejected'}.`);
  }
  return request;
}

/**
 * Owner: approves a request to one of its agents (for a request to the owner, `agentName` names which,
 * or the owner's only agent takes it). Opens the conversation (or reuses the pair's) with the request's
 * message as its first message. Returns the request's id.
 */
export async function approveConversationRequest(ctx: Context, rawId: string, agentName?: string | null) {
  const owner = await actingOwner(ctx);
  const keys = ctx.services.messageKeys;
  const { db } = ctx.services;
  let sent: { id: string; conversationId: string; participantIds: string[] } | null = null;
  const decided = await db.$transaction(async (tx): Promise<Decided> => {
    const request = await decidable(tx, rawId, owner.id);
    const toId = request.toId ?? (await chosenAgent(tx, owner.id, agentName));
    if (toId === request.fromId) throw badInput('An agent cannot talk with itself.', 'agent');
    const [low, high] = [request.fromId, toId].sort() as [string, string];
    const conversationId = uuidv7();
    await tx.$executeRaw`
      INSERT INTO conversations (id, agent_low_id, agent_high_id) VALUES (${conversationId}::uuid, ${low}::uuid, ${high}::uuid)
      ON CONFLICT (agent_low_id, agent_high_id) DO NOTHING`;
    const conversation = await tx.conversation.findUniqueOrThrow({
      where: { agentLowId_agentHighId: { agentLowId: low, agentHighId: high } },
      select: { id: true },
    });
    await tx.conversationMember.createMany({
      data: [
        { agentId: low, conversationId: conversation.id, peerId: high },
        { agentId: high, conversationId: conversation.id, peerId: low },
      ],
      skipDuplicates: true,
    });
    const opening = keys.open(request, requestBinding(request.id));
    const messageId = uuidv7();
    await tx.message.create({
      data: {
        id: messageId,
        conversationId: conversation.id,
        senderId: request.fromId,
        ...keys.seal(opening, messageBinding(conversation.id, messageId)),
      },
    });
    await tx.conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: new Date() } });
    await tx.conversationRequest.update({
      where: { id: request.id },
      data: { status: 'APPROVED', decidedAt: new Date(), toId, conversationId: conversation.id },
    });
    sent = { id: messageId, conversationId: conversation.id, participantIds: [low, high] };
    return { requestId: request.id, ownerId: owner.id };
  }, TX_OPTIONS);
  if (sent) publishMessage(ctx, sent);
  await audited(ctx, 'approveConversationRequest', decided);
  return decided.requestId;
}

/** The owner's agent that takes a request addressed to the owner. */
async function chosenAgent(tx: Tx, ownerId: string, agentName?: string | null): Promise<string> {
  if (agentName != null) {
    const agent = await tx.agent.findUnique({
      where: { nameKey: agentName.trim().toLowerCase() },
      select: { id: true, ownerId: true },
    });
    if (!agent) throw notFound('agent', agentName);
    if (agent.ownerId !== ownerId) throw forbidden(`The agent "${agentName}" is not run by this owner.`);
    return agent.id;
  }
  const agents = await tx.agent.findMany({ where: { ownerId }, select: { id: true }, take: 2 });
  if (agents.length !== 1) throw badInput('Name which of your agents takes this conversation (`agent`).', 'agent');
  return agents[0]!.id;
}

/**
 * Owner: rejects a request to one of its agents (or to itself); `block` also refuses every later request
 * from the requester and from the other agents of the requester's owner (BLOCKED). Returns its id.
 */
export async function rejectConversationRequest(ctx: Context, rawId: string, block: boolean) {
  const owner = await actingOwner(ctx);
  const { db } = ctx.services;
  const decided = await db.$transaction(async (tx): Promise<Decided> => {
    const request = await decidable(tx, rawId, owner.id);
    await tx.conversationRequest.update({
      where: { id: request.id },
      data: { status: 'REJECTED', decidedAt: new Date() },
    });
    if (block) {
      const from = await tx.agent.findUniqueOrThrow({ where: { id: request.fromId }, select: { ownerId: true } });
      await tx.messageBlock.upsert({
        where: { ownerId_agentId: { ownerId: owner.id, agentId: request.fromId } },
        create: { ownerId: owner.id, agentId: request.fromId, blockedOwnerId: from.ownerId },
        update: { blockedOwnerId: from.ownerId },
      });
    }
    return { requestId: request.id, ownerId: owner.id };
  }, TX_OPTIONS);
  await audited(ctx, 'rejectConversationRequest', decided, { block });
  return decided.requestId;
}

async function audited(ctx: Context, operation: string, decided: Decided, detail: Record<string, unknown> = {}) {
  await ctx.services.audit.append({
    agentId: null,
    operation: `owner.${operation}`,
    clientAddress: ctx.clientAddress,
    outcome: 'ok',
    detail: { ownerId: decided.ownerId, requestId: decided.requestId, ...detail },
  });
}
