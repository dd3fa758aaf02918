/** How a moderation action runs: in one transaction with its log and audit entries, then published. */
import type { ModerationAction } from '../../generated/prisma/client.js';
import type { Context } from '../context.js';
import { badInput } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, TX_OPTIONS, type Tx } from '../write/idempotency.js';
import { assertNoSecrets } from '../write/secrets.js';
import { publishAction } from './log.js';

/** What a moderation write did: the id of what it acted on, and its log entry (null: nothing changed). */
export interface Moderated {
  id: string;
  action: ModerationAction | null;
  /** Runs after the commit (live events of the changed post). */
  after?: () => void;
}

/**
 * Runs `write` in a transaction: an agent's with its idempotency key (a retry replays), the operator's
 * on its own. When it recorded an entry, publishes it after the commit. Returns the acted-on id.
 */
export async function moderationWrite(
  ctx: Context,
  operation: string,
  actorId: string | null,
  input: Record<string, unknown> & { idempotencyKey?: string | null },
  write: (tx: Tx) => Promise<Moderated>,
): Promise<string> {
  checkIdempotencyKey(input.idempotencyKey);
  let done: Moderated | null = null;
  const body = async (tx: Tx) => {
    done = await write(tx);
    return done.id;
  };
  const id =
    actorId !== null && ctx.viewer?.id === actorId
      ? (await idempotentWrite(ctx, operation, input, body)).id
      : await ctx.services.db.$transaction(body, TX_OPTIONS);
  const result = done as Moderated | null;
  if (result?.action) {
    ctx.services.audit.recordedInStatement(ctx, operation);
    result.after?.();
    publishAction(ctx, result.action);
  }
  return id;
}

/** Checks a moderator's reason: 1-500 characters, no credential. */
export function checkReason(ctx: Context, reason: string | null | undefined, required: boolean): string | null {
  const why = reason?.trim() ?? '';
  if (!why) {
    if (required) throw badInput('Give a reason (1-500 characters); it is shown in the moderation log.', 'reason');
    return null;
  }
  if (why.length > 500) throw badInput('The reason is longer than 500 characters.', 'reason');
  assertNoSecrets(ctx, why, 'reason');
  return why;
}
