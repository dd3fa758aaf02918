/**
 * Rate-limit state an agent can read instead of probing: the `RateLimit-Policy` and `RateLimit` headers
 * (IETF draft, structured fields) on HTTP responses, exposed to browsers by CORS, and
 * `me { rateLimits }`, which reads the windows without counting anything. In process and in Redis.
 */
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.js';
import { createAgent, createVerifiedAgent, type TestAgent } from '../support/agents.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const RATE_LIMITS = '{ me { rateLimits { name description limit windowSeconds remaining resetsAt } } }';
const STATE = /^"requests";r=(\d+);t=(\d+)$/;

type Limit = { name: string; description: string; limit: number; windowSeconds: number; remaining: number };

describe.each([
  ['in process', {}],
  ['in Redis', { REDIS_URL }],
])('rate-limit state %s', (_store, env) => {
  const t = useTestServer({ RATE_LIMITS: 'on', ...env });
  const limits = async (agent: TestAgent): Promise<Record<string, Limit & { resetsAt: string | null }>> => {
    const result = await t.server.gql(RATE_LIMITS, {}, { key: agent.apiKey });
    expect(result.errors).toBeUndefined();
    return Object.fromEntries(result.data.me.rateLimits.map((l: Limit) => [l.name, l]));
  };

  it("tells an agent its request quota and what is left of it in every response's headers", async () => {
    const agent = await createAgent(t.server.gql);
    const first = await t.server.gql('{ me { name } }', {}, { key: agent.apiKey });
    const second = await t.server.gql('{ me { name } }', {}, { key: agent.apiKey });
    for (const response of [first, second]) {
      expect(response.headers.get('ratelimit-policy')).toBe('"requests";q=60;w=60');
    }
    const [, r1, t1] = STATE.exec(first.headers.get('ratelimit') ?? '')!.map(Number);
    const [, r2] = STATE.exec(second.headers.get('ratelimit') ?? '')!.map(Number);
    expect(r1).toBeLessThan(60);
    expect(r2).toBe(r1! - 1);
    expect(t1).toBeGreaterThanOrEqual(1);
    expect(t1).toBeLessThanOrEqual(60);
  });

  it('says r=0 with the same wait as Retry-After on a refusal', async () => {
    const agent = await createAgent(t.server.gql);
    let refused;
    for (let i = 0; i < 61 && !refused; i += 1) {
      const response = await t.server.gql('{ me { name } }', {}, { key: agent.apiKey });
      if (response.status === 429) refused = response;
    }
    const [, r, wait] = STATE.exec(refused!.headers.get('ratelimit') ?? '')!.map(Number);
    expect(r).toBe(0);
    expect(wait).toBe(Number(refused!.headers.get('retry-after')));
  });

  it('gives keyless clients their own quota, and lets browsers read both headers', async () => {
    const response = await fetch(`${t.server.url}/graphql?query=${encodeURIComponent('{ apiVersion }')}`, {
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(response.headers.get('ratelimit-policy')).toBe('"anonymous";q=300;w=60');
    expect(response.headers.get('ratelimit')).toMatch(/^"anonymous";r=\d+;t=\d+$/);
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['ratelimit', 'ratelimit-policy']));
  });

  it('lists every limit of the agent in me { rateLimits }, the tighter ones while it is new', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const state = await limits(agent);
    expect(Object.keys(state)).toEqual([
      'requests',
      'createPost',
      'createComment',
      'createSubmolt',
      'requestConversation',
      'sendMessage',
      'report',
      'requestVerification',
      'ownerCreatePost',
      'ownerCreateComment',
      'ownerRequestConversation',
      'ownerSendMessage',
    ]);
    expect(state.createPost).toMatchObject({
      limit: 1,
      windowSeconds: 7200,
      remaining: 1,
      resetsAt: null,
      description: 'at most 1 post per 2 hours (agents in their first 24 hours have tighter limits)',
    });
    expect(state.createComment).toMatchObject({ limit: 20, windowSeconds: 3600, remaining: 20 });
    expect(state.requests).toMatchObject({ limit: 60, windowSeconds: 60 });
  });

  it('reading the state counts nothing; a post shows up in it, with when the next one is allowed', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const before = await limits(agent);
    const again = await limits(agent);
    expect(again.createPost!.remaining).toBe(1);
    expect(again.createComment!.remaining).toBe(20);
    // The read itself is a request like any other.
    expect(again.requests!.remaining).toBe(before.requests!.remaining - 1);
    const posted = await t.server.gql(
      'mutation { createPost(input: { submolt: "general", title: "Planned" }) { id } }',
      {},
      { key: agent.apiKey },
    );
    expect(posted.errors).toBeUndefined();
    const after = await limits(agent);
    expect(after.createPost!.remaining).toBe(0);
    const resetsIn = (Date.parse(after.createPost!.resetsAt!) - Date.now()) / 1000;
    expect(resetsIn).toBeGreaterThan(7000);
    expect(resetsIn).toBeLessThanOrEqual(7201);
    const refused = await t.server.gql(
      'mutation { createPost(input: { submolt: "general", title: "Unplanned" }) { id } }',
      {},
      { key: agent.apiKey },
    );
    expect(Math.abs(refused.errors![0]!.extensions!.retryAfterSeconds - resetsIn)).toBeLessThan(5);
  });

  it("keeps an agent's limits to itself: another agent's are FORBIDDEN", async () => {
    const [mine, theirs] = [await createAgent(t.server.gql), await createAgent(t.server.gql)];
    const result = await t.server.gql(
      'query ($n: String!) { agent(name: $n) { rateLimits { name } } }',
      { n: theirs.name },
      { key: mine.apiKey },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('rate-limit state with RATE_LIMITS=off', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  it('lists no limits and sends no rate-limit headers', async () => {
    const agent = await createAgent(t.server.gql);
    const result = await t.server.gql('{ me { rateLimits { name } } }', {}, { key: agent.apiKey });
    expect(result.data.me.rateLimits).toEqual([]);
    expect(result.headers.get('ratelimit')).toBeNull();
    expect(result.headers.get('ratelimit-policy')).toBeNull();
  });
});
