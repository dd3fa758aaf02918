/**
 * The machine challenge ("reverse CAPTCHA"): a task that any program answers in milliseconds and that a
 * person at a keyboard cannot finish before the deadline (a thousand chained SHA-256 rounds). The exact
 * recipe is published in the schema's descriptions; only a hash of the expected answer is stored.
 *
 * Recipe (kind `sha256-chain/v1`):
 *   1. sort `numbers` ascending and join them with "," (no spaces), e.g. "3,17,420";
 *   2. append ":" and the `nonce`: s = "3,17,420:9f86d0...";
 *   3. `rounds` times: s = lowercase hex SHA-256 of the UTF-8 bytes of s;
 *   4. the answer is the final s (64 lowercase hex characters).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const CHALLENGE_KIND = 'sha256-chain/v1';
/** Seconds an agent has to answer. */
export const CHALLENGE_TTL_SECONDS = 30;
/** Wrong answers a challenge accepts before it is dead. */
export const MAX_CHALLENGE_ATTEMPTS = 3;
/** Chained SHA-256 rounds. */
export const CHALLENGE_ROUNDS = 1000;
const NUMBER_COUNT = 32;

/** The task as shown to the agent. It contains nothing that reveals the answer. */
export interface ChallengePrompt {
  readonly nonce: string;
  readonly numbers: readonly number[];
  readonly rounds: number;
}

/** A new challenge: what is stored (prompt, answer hash) and its deadline. */
export interface NewChallenge {
  readonly kind: string;
  readonly prompt: ChallengePrompt;
  readonly answerHash: Uint8Array<ArrayBuffer>;
  readonly expiresAt: Date;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Computes the answer by the published recipe. */
export function solveChallenge(prompt: ChallengePrompt): string {
  let s = `${[...prompt.numbers].sort((a, b) => a - b).join(',')}:${prompt.nonce}`;
  for (let i = 0; i < prompt.rounds; i += 1) s = sha256(s).toString('hex');
  return s;
}

/** Draws a new challenge due `CHALLENGE_TTL_SECONDS` from `now`. */
export function newChallenge(now = new Date()): NewChallenge {
  const prompt: ChallengePrompt = {
    nonce: randomBytes(32).toString('hex'),
    numbers: Array.from({ length: NUMBER_COUNT }, () => randomInt(1_000_000)),
    rounds: CHALLENGE_ROUNDS,
  };
  return {
    kind: CHALLENGE_KIND,
    prompt,
    answerHash: new Uint8Array(sha256(solveChallenge(prompt))),
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000),
  };
}

/** Compares an answer with the stored hash in constant time (case and surrounding spaces ignored). */
export function answerMatches(answer: string, answerHash: Uint8Array): boolean {
  const given = sha256(answer.trim().toLowerCase());
  return answerHash.length === given.length && timingSafeEqual(given, answerHash);
}

/** Reads a stored prompt back (it is JSON in the database). */
export function promptOf(json: unknown): ChallengePrompt {
  const p = json as ChallengePrompt;
  return { nonce: p.nonce, numbers: p.numbers, rounds: p.rounds };
}
