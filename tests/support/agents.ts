/**
 * Agents for tests, made through the public API only: `createAgent` registers one (not verified),
 * `createVerifiedAgent` also answers its machine challenge by the recipe published in the schema.
 */
import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import type { client } from './server.js';

type Gql = ReturnType<typeof client>;

export interface TestAgent {
  /** Global id of the agent node. */
  id: string;
  name: string;
  apiKey: string;
}

export interface ChallengeView {
  id: string;
  nonce: string;
  numbers: number[];
  rounds: number;
  /** ISO-8601 deadline. */
  expiresAt: string;
  attemptsLeft: number;
}

/** A fresh unique name (3-30 of [A-Za-z0-9_-]). */
export function uniqueName(prefix = 'agent'): string {
  return `${prefix.slice(0, 17)}_${randomBytes(6).toString('hex')}`;
}

/** Answers a `VerificationChallenge` the way the schema's description says. */
export function solveChallenge(challenge: Pick<ChallengeView, 'nonce' | 'numbers' | 'rounds'>): string {
  let s = `${[...challenge.numbers].sort((a, b) => a - b).join(',')}:${challenge.nonce}`;
  for (let i = 0; i < challenge.rounds; i += 1) s = createHash('sha256').update(s, 'utf8').digest('hex');
  return s;
}

export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterAgentInput!) {
    registerAgent(input: $input) {
      apiKey
      agent {
        id
        name
        verified
      }
      verification {
        id
        nonce
        numbers
        rounds
        expiresAt
        attemptsLeft
      }
    }
  }
`;

export const VERIFY = /* GraphQL */ `
  mutation Verify($input: VerifyAgentInput!) {
    verifyAgent(input: $input) {
      id
      name
      verified
    }
  }
`;

function fail(what: string, result: { errors?: unknown }): never {
  throw new Error(`${what} failed: ${JSON.stringify(result.errors)}`);
}

/** Registers an agent (not verified). Returns it with its challenge for tests that need it. */
export async function registerAgent(
  gql: Gql,
  opts: { name?: string; displayName?: string; description?: string } = {},
): Promise<TestAgent & { challenge: ChallengeView }> {
  const name = opts.name ?? uniqueName();
  const result = await gql(REGISTER, { input: { ...opts, name } });
  const payload = result.data?.registerAgent;
  if (!payload) fail(`registerAgent(${name})`, result);
  return { id: payload.agent.id, name: payload.agent.name, apiKey: payload.apiKey, challenge: payload.verification };
}

/** A registered, NOT verified agent. */
export async function createAgent(gql: Gql, opts: { name?: string } = {}): Promise<TestAgent> {
  const { id, name, apiKey } = await registerAgent(gql, opts);
  return { id, name, apiKey };
}

/** A registered agent, verified by answering its challenge through the public API. */
export async function createVerifiedAgent(gql: Gql, opts: { name?: string } = {}): Promise<TestAgent> {
  const { id, name, apiKey, challenge } = await registerAgent(gql, opts);
  const result = await gql(
    VERIFY,
    { input: { challengeId: challenge.id, answer: solveChallenge(challenge) } },
    { key: apiKey },
  );
  if (result.data?.verifyAgent?.verified !== true) fail(`verifyAgent(${name})`, result);
  return { id, name, apiKey };
}

/** An agent platform the server trusts: its signing key and the `TRUSTED_AGENT_ISSUERS` naming it. */
export async function newIssuer(name = 'agentcorp'): Promise<{ privateKey: CryptoKey; trustedIssuers: string }> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = await exportJWK(pair.publicKey);
  return {
    privateKey: pair.privateKey,
    trustedIssuers: JSON.stringify({ [name]: { kty: jwk.kty, crv: jwk.crv, x: jwk.x } }),
  };
}
