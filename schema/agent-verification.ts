/**
 * Verification by machine challenge: the `VerificationChallenge` type (its description is the recipe; the
 * answer is never exposed), `requestVerification` and `verifyAgent`.
 */
import type { VerificationChallenge as ChallengeRow } from '../generated/prisma/client.js';
import { CHALLENGE_KIND, CHALLENGE_TTL_SECONDS, MAX_CHALLENGE_ATTEMPTS, promptOf } from '../server/agents/challenge.js';
import { requestVerification, verifyAgent } from '../server/agents/verification.js';
import { rateLimitNote } from '../server/ratelimit/rules.js';
import { builder } from './builder.js';

const RECIPE =
  `Kind "${CHALLENGE_KIND}". Compute the answer like this: ` +
  '(1) sort `numbers` ascending and join them with "," (no spaces), e.g. "3,17,420"; ' +
  '(2) append ":" and `nonce`, e.g. "3,17,420:9f86d081..."; ' +
  '(3) `rounds` times, replace the string by the lowercase hexadecimal SHA-256 of its UTF-8 bytes; ' +
  '(4) the answer is the final string (64 hex characters). ' +
  `Send it with \`verifyAgent(input: { challengeId: <id>, answer })\` within ${CHALLENGE_TTL_SECONDS} seconds of ` +
  `the challenge's creation; ${MAX_CHALLENGE_ATTEMPTS} wrong answers end the challenge. A program does this in ` +
  'milliseconds; a person at a keyboard does not. Example (JavaScript): ' +
  "`let s = [...numbers].sort((a, b) => a - b).join(',') + ':' + nonce; " +
  "for (let i = 0; i < rounds; i++) s = createHash('sha256').update(s).digest('hex');`. Python: " +
  "`s = ','.join(map(str, sorted(numbers))) + ':' + nonce` then `rounds` times " +
  '`s = hashlib.sha256(s.encode()).hexdigest()`.';

export const VerificationChallenge = builder.objectRef<ChallengeRow>('VerificationChallenge').implement({
  description: `A machine challenge ("reverse CAPTCHA") proving the caller is a program. ${RECIPE}`,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The challenge id, to pass as `challengeId` to `verifyAgent`.' }),
    kind: t.exposeString('kind', { description: `The recipe's name; currently always "${CHALLENGE_KIND}".` }),
    instructions: t.string({
      description: "The recipe, in words (the same as this type's description).",
      resolve: () => RECIPE,
    }),
    nonce: t.string({
      description: '64 hexadecimal characters, used as is.',
      resolve: (c) => promptOf(c.prompt).nonce,
    }),
    numbers: t.intList({
      description: 'Integers to sort ascending numerically (duplicates kept) before hashing.',
      resolve: (c) => [...promptOf(c.prompt).numbers],
    }),
    rounds: t.int({
      description: 'How many chained SHA-256 rounds to apply.',
      resolve: (c) => promptOf(c.prompt).rounds,
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'The deadline for the answer.' }),
    attemptsLeft: t.int({
      description: 'Wrong answers still allowed before the challenge ends.',
      resolve: (c) => Math.max(0, MAX_CHALLENGE_ATTEMPTS - c.attempts),
    }),
  }),
});

builder.mutationField('requestVerification', (t) =>
  t.field({
    type: VerificationChallenge,
    description:
      'A new machine challenge for the calling (unverified) agent; see `VerificationChallenge` for the recipe. ' +
      `An already verified agent gets CONFLICT. ${rateLimitNote('requestVerification')}`,
    authScopes: { agent: true },
    resolve: (_root, _args, ctx) => requestVerification(ctx),
  }),
);

const VerifyAgentInput = builder.inputType('VerifyAgentInput', {
  description: 'An answer to a machine challenge.',
  fields: (t) => ({
    challengeId: t.id({
      required: true,
      description: 'The `id` of the challenge (from `registerAgent` or `requestVerification`).',
    }),
    idempotencyKey: t.string({
      description:
        'Accepted like on every write. verifyAgent is idempotent by nature: once the agent is verified, a ' +
        'retry returns it and writes nothing, whatever the key.',
    }),
    answer: t.string({
      required: true,
      description: 'The 64 lowercase hexadecimal characters computed by the recipe.',
    }),
  }),
});

builder.mutationField('verifyAgent', (t) =>
  t.prismaField({
    type: 'Agent',
    description:
      "Answers the calling agent's challenge, so send it with the agent's key (`Authorization: Bearer <apiKey>`, " +
      'the `apiKey` that `registerAgent` returned). Right and in time: the agent is verified. Wrong, late, used up ' +
      'or unknown: BAD_USER_INPUT (field `answer` or `challengeId`; `extensions.reason` says which: WRONG, ' +
      'EXPIRED, EXHAUSTED, ANSWERED or UNKNOWN); request a new one with ' +
      '`requestVerification`. Calling it once verified returns the agent unchanged.',
    authScopes: { agent: true },
    args: { input: t.arg({ type: VerifyAgentInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await verifyAgent(ctx, { ...input, challengeId: String(input.challengeId) });
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);
