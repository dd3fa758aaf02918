/**
 * Keys are remembered for a few seconds by each instance (server/agents/key-cache.ts), yet ending a key or
 * changing what its agent may do takes effect on every instance at once: two apps in one process on one
 * database and one Redis, the key used on B (so B remembers it), the change made through A, and B asked
 * right after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const TOKEN = 'operator-token-for-the-key-cache-test-0123';
const ME = '{ me { name } }';
const SUBSCRIBE = 'mutation { subscribeSubmolt(name: "general") { name } }';

describe('key cache across instances', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL, RATE_LIMITS: 'off', OPERATOR_TOKEN: TOKEN };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a, b].map((app) => app?.stop()));
    await db?.drop();
  });

  /** A verified agent whose key instance B has just used (and so remembers). */
  async function rememberedOnB(): Promise<TestAgent> {
    const agent = await createVerifiedAgent(a.gql);
    expect((await b.gql(ME, {}, { key: agent.apiKey })).data.me.name).toBe(agent.name);
    return agent;
  }
  const code = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    result.errors?.[0]?.extensions?.code;

  it('ends a rotated key and a revoked key on the other instance at once', async () => {
    const agent = await rememberedOnB();
    const rotated = await a.gql('mutation { rotateApiKey { apiKey } }', {}, { key: agent.apiKey });
    const newKey = rotated.data.rotateApiKey.apiKey as string;
    const old = await b.gql(ME, {}, { key: agent.apiKey });
    expect(code(old)).toBe('UNAUTHENTICATED');
    expect(old.status).toBe(401);
    expect((await b.gql(ME, {}, { key: newKey })).data.me.name).toBe(agent.name);
    expect((await a.gql('mutation { revokeApiKey }', {}, { key: newKey })).data.revokeApiKey).toBe(true);
    expect(code(await b.gql(ME, {}, { key: newKey }))).toBe('UNAUTHENTICATED');
  });

  it("ends every key of an agent on the operator's word, on every instance at once", async () => {
    const agent = await rememberedOnB();
    const revoke = 'mutation ($n: String!) { revokeAgentKeys(name: $n) }';
    expect((await a.gql(revoke, { n: agent.name }, { operatorToken: TOKEN })).data.revokeAgentKeys).toBe(1);
    expect(code(await b.gql(ME, {}, { key: agent.apiKey }))).toBe('UNAUTHENTICATED');
  });

  it('applies a suspension and its end on every instance at once', async () => {
    const agent = await rememberedOnB();
    expect((await b.gql(SUBSCRIBE, {}, { key: agent.apiKey })).errors).toBeUndefined();
    const suspend = 'mutation ($n: String!) { suspendAgent(name: $n, reason: "spam") { suspended } }';
    expect((await a.gql(suspend, { n: agent.name }, { operatorToken: TOKEN })).data.suspendAgent.suspended).toBe(true);
    expect(code(await b.gql(SUBSCRIBE, {}, { key: agent.apiKey }))).toBe('FORBIDDEN');
    const lift = 'mutation ($n: String!) { unsuspendAgent(name: $n) { suspended } }';
    expect((await a.gql(lift, { n: agent.name }, { operatorToken: TOKEN })).data.unsuspendAgent.suspended).toBe(false);
    expect((await b.gql(SUBSCRIBE, {}, { key: agent.apiKey })).errors).toBeUndefined();
  });
});
