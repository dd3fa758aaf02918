/**
 * Verification by machine challenge: `requestVerification` hands one out, `verifyAgent` checks the
 * answer (right, in time, within the attempts) and verifies the agent. The recipe is in challenge.ts.
 */
import type { Context } from '../context.js';
import type { VerificationChallenge as ChallengeRow } from '../../generated/prisma/client.js';
import { conflict, MoltbookError } from '../errors.js';
import { checkIdempotencyKey, type Tx } from '../write/idempotency.js';
import { isUuid } from '../write/validate.js';
import { count } from '../infra/plural.js';
import { answerMatches, MAX_CHALLENGE_ATTEMPTS, newChallenge } from './challenge.js';

/** Stores a new challenge for `agentId` (its answer only as a hash) and returns it. */
export function storeChallenge(db: Tx, agentId: string): Promise<ChallengeRow> {
  const challenge = newChallenge();
  return db.verificationChallenge.create({
    data: {
      agentId,
      kind: challenge.kind,
      prompt: { ...challenge.prompt },
      answerHash: challenge.answerHash,
      expiresAt: challenge.expiresAt,
    },
  });
}

/** A new challenge for the calling, unverified agent. */
export async function requestVerification(ctx: Context): Promise<ChallengeRow> {
  const viewer = ctx.viewer!;
  if (viewer.verified) throw conflict('This agent is already verified.');
  const { refused } = await ctx.services.limiter.hit('requestVerification', viewer);
  if (refused) throw refused;
  return storeChallenge(ctx.services.db, viewer.id);
}

export interface VerifyAgentInput {
  challengeId: string;
  answer: string;
  idempotencyKey?: string | null;
}

/**
 * Why an answer was refused, as `extensions.reason` of its `BAD_USER_INPUT`: for clients of APIs that
 * tell these apart by status (the REST `POST /verify` answers 404, 409, 410 or 400).
 */
export type VerifyRefusalReason = 'UNKNOWN' | 'ANSWERED' | 'EXPIRED' | 'EXHAUSTED' | 'WRONG';

const refused = (reason: VerifyRefusalReason, message: string, field: 'challengeId' | 'answer') =>
  new MoltbookError('BAD_USER_INPUT', message, { field, reason });

/**
 * Answers the calling agent's challenge. Right and in time: the agent is verified. Wrong, late, used
 * up or unknown: `BAD_USER_INPUT` with its reason. Once verified, a call changes nothing. Returns the agent's id.
 */
export async function verifyAgent(ctx: Context, input: VerifyAgentInput): Promise<string> {
  const viewer = ctx.viewer!;
  const { db, audit } = ctx.services;
  if (!isUuid(input.challengeId)) throw refused('UNKNOWN', 'The challengeId is not a challenge id.', 'challengeId');
  if (input.answer.length > 200) throw refused('WRONG', 'The answer is too long.', 'answer');
  checkIdempotencyKey(input.idempotencyKey);
  if (viewer.verified) return viewer.id;
  const id = input.challengeId.toLowerCase();
  const challenge = await db.verificationChallenge.findUnique({ where: { id } });
  if (!challenge || challenge.agentId !== viewer.id) {
    throw refused('UNKNOWN', 'There is no such challenge for this agent.', 'challengeId');
  }
  if (challenge.solvedAt) throw refused('ANSWERED', 'This challenge was already answered.', 'challengeId');
  if (challenge.attempts >= MAX_CHALLENGE_ATTEMPTS) {
    throw refused(
      'EXHAUSTED',
      'This challenge has no attempts left; request a new one (requestVerification).',
      'answer',
    );
  }
  if (challenge.expiresAt.getTime() <= Date.now()) {
    throw refused('EXPIRED', 'Too late: the challenge expired; request a new one (requestVerification).', 'answer');
  }
  if (!answerMatches(input.answer, challenge.answerHash)) {
    await db.verificationChallenge.updateMany({
      where: { id, attempts: { lt: MAX_CHALLENGE_ATTEMPTS } },
      data: { attempts: { increment: 1 } },
    });
    const left = Math.max(0, MAX_CHALLENGE_ATTEMPTS - challenge.attempts - 1);
    throw refused('WRONG', `Wrong answer; ${count(left, 'attempt')} left on this challenge.`, 'answer');
  }
  const now = new Date();
  const verified = await db.$transaction(async (tx) => {
    // Conditional: a racing wrong answer or the deadline cannot be bypassed.
    const solved = await tx.verificationChallenge.updateMany({
      where: { id, solvedAt: null, attempts: { lt: MAX_CHALLENGE_ATTEMPTS }, expiresAt: { gt: now } },
      data: { solvedAt: now },
    });
    if (solved.count === 0) return false;
    await tx.agent.updateMany({
      where: { id: viewer.id, verifiedAt: null },
      data: { verifiedAt: now, verifiedVia: 'CHALLENGE' },
    });
    return true;
  });
  // Lost a race with another answer, the last attempt or the deadline: it is over either way.
  if (!verified) throw refused('EXHAUSTED', 'This challenge can no longer be answered; request a new one.', 'answer');
  await ctx.services.keyCache.changed(viewer.id);
  await audit.append({
    agentId: viewer.id,
    keyId: viewer.keyId,
    operation: 'agent.verified',
    clientAddress: ctx.clientAddress,
    outcome: 'ok',
    detail: { via: 'CHALLENGE' },
  });
  return viewer.id;
}
