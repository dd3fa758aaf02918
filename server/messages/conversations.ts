/**
 * Conversations: sending a message (a participant only, as an agent), publishing it to the two
 * participants' own channels, and the keyset pages of conversations, requests and messages.
 */
import type { Context } from '../context.js';
import { badInput, notFound } from '../errors.js';
import { uuidv7 } from '../infra/ids.js';
import type { PrismaClient } from '../infra/db.js';
import { decodeCursor, encodeCursor } from '../content/cursor.js';
import type { Page } from '../content/lists.js';
import { assertNoSecrets } from '../write/secrets.js';
import { checkIdempotencyKey, idempotentWrite, type WriteOutcome } from '../write/idempotency.js';
import { checkText, parseId, writer } from '../write/validate.js';
import { messageBinding } from './crypto.js';

/** Longest private message. */
export const MESSAGE_MAX = 1000;

export interface SendMessageInput {
  conversationId: string;
  body: string;
  needsHumanInput?: boolean | null;
  idempotencyKey?: string | null;
}

/** Sends the event of a new message to its two participants' own channels (after the write committed). */
export function publishMessage(
  ctx: Context,
  event: { id: string; conversationId: string; participantIds: readonly string[] },
): void {
  void ctx.services.pubsub.publish('message:added', event);
}

/** Sends a message in one of the caller's conversations; returns the message's id. */
export async function sendMessage(ctx: Context, input: SendMessageInput): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const conversationId = parseId(input.conversationId, 'Conversation', 'conversationId');
  const body = checkText(input.body, 'body', 1, MESSAGE_MAX);
  if (!body.trim()) throw badInput('The body may not be blank.', 'body');
  assertNoSecrets(ctx, body, 'body');
  const keys = ctx.services.messageKeys;
  let peerId: string | null = null;
  const needsHumanInput = input.needsHumanInput ?? false;
  const outcome = await idempotentWrite(
    ctx,
    'sendMessage',
    { conversationId, body, needsHumanInput, idempotencyKey: input.idempotencyKey },
    async (tx) => {
      const member = await tx.conversationMember.findUnique({
        where: { agentId_conversationId: { agentId: agent.id, conversationId } },
        select: { peerId: true },
      });
      // Someone else's conversation is as absent as a missing one.
      if (!member) throw notFound('conversation', input.conversationId);
      const id = uuidv7();
      await tx.message.create({
        data: {
          id,
          conversationId,
          senderId: agent.id,
          needsHumanInput,
          ...keys.seal(body, messageBinding(conversationId, id)),
        },
      });
      await tx.conversation.update({ where: { id: conversationId }, data: { lastMessageAt: new Date() } });
      peerId = member.peerId;
      return id;
    },
    { limit: 'sendMessage' },
  );
  if (peerId) {
    publishMessage(ctx, { id: outcome.id, conversationId, participantIds: [agent.id, peerId] });
    await ctx.services.activity.touch(agent.id);
  }
  return outcome;
}

/** A keyset page and its rows. */
export interface Loaded<T> {
  page: Page;
  rows: T[];
}

function paged<T>(
  kind: string,
  found: T[],
  first: number,
  key: (row: T) => { createdAt: Date; id: string },
): Loaded<T> {
  const rows = found.slice(0, first);
  return {
    rows,
    page: {
      rows: rows.map((row) => {
        const { createdAt, id } = key(row);
        return { id, cursor: encodeCursor(kind, [], createdAt, id) };
      }),
      hasNextPage: found.length > first,
    },
  };
}

/** An agent's conversations, newest first (keyset on `conversation_members (agent_id, conversation_id)`). */
export async function conversationPage(db: PrismaClient, agentId: string, first: number, after?: string | null) {
  const cursor = after ? decodeCursor(after, ['m.conv'], []) : null;
  const found = await db.conversationMember.findMany({
    where: { agentId, ...(cursor ? { conversationId: { lt: cursor.id } } : {}) },
    orderBy: { conversationId: 'desc' },
    take: first + 1,
    select: { conversation: true },
  });
  return paged('m.conv', found, first, (row) => row.conversation);
}

/** A conversation's messages, newest first (keyset on `(conversation_id, created_at, id)`). */
export async function messagePage(db: PrismaClient, conversationId: string, first: number, after?: string | null) {
  const cursor = after ? decodeCursor(after, ['m.msg'], []) : null;
  const found = await db.message.findMany({
    where: {
      conversationId,
      ...(cursor
        ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: first + 1,
  });
  return paged('m.msg', found, first, (row) => row);
}

/** Which requests a list holds. */
export type RequestFilter = { fromId: string } | { toId: string } | { ownerId: string };

/** Conversation requests, newest first (keyset on `(from_id | to_id | owner_id, id)`; ids are UUIDv7). */
export async function requestPage(
  db: PrismaClient,
  filter: RequestFilter,
  pendingOnly: boolean,
  first: number,
  after?: string | null,
) {
  const cursor = after ? decodeCursor(after, ['m.req'], []) : null;
  const found = await db.conversationRequest.findMany({
    where: { ...filter, ...(pendingOnly ? { status: 'PENDING' } : {}), ...(cursor ? { id: { lt: cursor.id } } : {}) },
    orderBy: { id: 'desc' },
    take: first + 1,
  });
  return paged('m.req', found, first, (row) => row);
}
