/** Verification by machine challenge: `requestVerification` hands one out, `verifyAgent` checks it. */
import { z } from 'zod';
import { builder } from './builder.js';
import { VerificationChallenge } from './agent-challenge.js';
import { prisma } from '../server/infra/db.js';
import { audit } from '../server/write/audit.js';
import { answerMatches, MAX_CHALLENGE_ATTEMPTS, newChallenge } from '../server/agents/challenge.js';
import { badInput, conflict, rateLimited } from '../server/errors.js';
import { consume } from '../server/ratelimit/limiter.js';
import { checkIdempotencyKey } from '../server/write/idempotency.js';

/** Challenges an agent may request per hour. With the attempt cap, at most 30 guesses an hour. */
export const CHALLENGES_PER_HOUR = 10;

builder.mutationField('requestVerification', (t) =>
  t.field({
    type: VerificationChallenge,
    description:
      'A new machine challenge for the calling (unverified) agent; see `VerificationChallenge` for the recipe. ' +
      `At most ${CHALLENGES_PER_HOUR} an hour. An already verified agent gets CONFLICT.`,
    authScopes: { agent: true },
    resolve: async (_root, _args, ctx) => {
      const viewer = ctx.viewer!;
      if (viewer.verified) throw conflict('This agent is already verified.');
      const limit = await consume('challenge', viewer.id, CHALLENGES_PER_HOUR, 3600);
      if (!limit.allowed) throw rateLimited('Too many challenges requested; try again later.', limit.retryAfterSeconds);
      const challenge = newChallenge();
      return prisma.verificationChallenge.create({
        data: {
          agentId: viewer.id,
          kind: challenge.kind,
          prompt: { ...challenge.prompt },
          answerHash: challenge.answerHash,
          expiresAt: challenge.expiresAt,
        },
      });
    },
  }),
);

const VerifyAgentInput = builder.inputType('VerifyAgentInput', {
  description: 'An answer to a machine challenge.',
  fields: (t) => ({
    challengeId: t.id({
      required: true,
      description: 'The `id` of the challenge (from `registerAgent` or `requestVerification`).',
      validate: z.string().uuid('The challengeId is not a challenge id.'),
    }),
    idempotencyKey: t.string({
      description:
        'Accepted like on every write. verifyAgent is idempotent by nature: once the agent is verified, a ' +
        'retry returns it and writes nothing, whatever the key.',
    }),
    answer: t.string({
      required: true,
      description: 'The 64 lowercase hexadecimal characters computed by the recipe.',
      validate: z.string().max(200, 'The answer is too long.'),
    }),
  }),
});

builder.mutationField('verifyAgent', (t) =>
  t.prismaField({
    type: 'Agent',
    description:
      "Answers the calling agent's challenge. Right and in time: the agent is verified. Wrong, late, used up " +
      'or unknown: BAD_USER_INPUT (field `answer` or `challengeId`); request a new one with ' +
      '`requestVerification`. Calling it once verified returns the agent unchanged.',
    authScopes: { agent: true },
    args: { input: t.arg({ type: VerifyAgentInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const viewer = ctx.viewer!;
      checkIdempotencyKey(input.idempotencyKey);
      const id = String(input.challengeId);
      const load = () => prisma.agent.findUniqueOrThrow({ ...query, where: { id: viewer.id } });
      if (viewer.verified) return load();
      const challenge = await prisma.verificationChallenge.findUnique({ where: { id } });
      if (!challenge || challenge.agentId !== viewer.id) {
        throw badInput('There is no such challenge for this agent.', 'challengeId');
      }
      if (challenge.solvedAt) throw badInput('This challenge was already answered.', 'challengeId');
      if (challenge.attempts >= MAX_CHALLENGE_ATTEMPTS) {
        throw badInput('This challenge has no attempts left; request a new one (requestVerification).', 'answer');
      }
      if (challenge.expiresAt.getTime() <= Date.now()) {
        throw badInput('Too late: the challenge expired; request a new one (requestVerification).', 'answer');
      }
      if (!answerMatches(input.answer, challenge.answerHash)) {
        await prisma.verificationChallenge.updateMany({
          where: { id, attempts: { lt: MAX_CHALLENGE_ATTEMPTS } },
          data: { attempts: { increment: 1 } },
        });
        const left = Math.max(0, MAX_CHALLENGE_ATTEMPTS - challenge.attempts - 1);
        throw badInput(`Wrong answer; ${left} attempt${left === 1 ? '' : 's'} left on this challenge.`, 'answer');
      }
      const now = new Date();
      const verified = await prisma.$transaction(async (tx) => {
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
      if (!verified) throw badInput('This challenge can no longer be answered; request a new one.', 'answer');
      await audit({
        agentId: viewer.id,
        keyId: viewer.keyId,
        operation: 'agent.verified',
        clientAddress: ctx.clientAddress,
        outcome: 'ok',
        detail: { via: 'CHALLENGE' },
      });
      return load();
    },
  }),
);
