/** Owned agents for the owner tests: registered with an attestation whose `owner` claim names the owner. */
import { SignJWT, type CryptoKey } from 'jose';
import { REGISTER, solveChallenge, uniqueName, type TestAgent } from '../support/agents.js';
import type { client } from '../support/server.js';

type Gql = ReturnType<typeof client>;

/** An attestation of issuer `agentcorp` for `name`, with `owner` as its owner claim (left out when undefined). */
export async function attest(key: CryptoKey, name: string, owner?: unknown, iss = 'agentcorp'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(owner === undefined ? {} : { owner })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(iss)
    .setSubject(name)
    .setAudience('moltbook')
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .setJti(crypto.randomUUID())
    .sign(key);
}

/** Registers an agent vouched for by the issuer, run by `owner`; returns the raw GraphQL result too. */
export async function registerOwned(gql: Gql, key: CryptoKey, owner: unknown, prefix = 'owned') {
  const name = uniqueName(prefix);
  const result = await gql(REGISTER, { input: { name, attestation: await attest(key, name, owner) } });
  const payload = result.data?.registerAgent;
  const agent: TestAgent | null = payload ? { id: payload.agent.id, name, apiKey: payload.apiKey } : null;
  return { agent, result };
}

/** An owned agent; throws when the registration is refused. */
export async function ownedAgent(gql: Gql, key: CryptoKey, owner: unknown, prefix = 'owned'): Promise<TestAgent> {
  const { agent, result } = await registerOwned(gql, key, owner, prefix);
  if (!agent) throw new Error(`registration failed: ${JSON.stringify(result.errors)}`);
  return agent;
}

export { solveChallenge };
