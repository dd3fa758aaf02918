/**
 * Per-owner write windows: all of an owner's agents together post at most `ownerCreatePost` allows, beside
 * each agent's own window; only writes that commit count, with the in-process store and with Redis.
 */
import { describe, expect, it } from 'vitest';
import type { CryptoKey } from 'jose';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, newIssuer, uniqueName, type TestAgent } from '../support/agents.js';
import { RATE_RULES } from '../../server/ratelimit/rules.js';
import { ownedAgent } from './support.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const CREATE_POST = 'mutation ($i: CreatePostInput!) { createPost(input: $i) { id } }';
const OWNER_POSTS = RATE_RULES.ownerCreatePost.limit;

describe.each([
  ['in process', {}],
  ['in Redis', { REDIS_URL }],
])('per-owner write limits counted %s', (_store, env) => {
  let key: CryptoKey;
  const t = useTestServer(async () => {
    const issuer = await newIssuer();
    key = issuer.privateKey;
    return { RATE_LIMITS: 'on', TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers, ...env };
  });
  const post = async (agent: TestAgent, input: Record<string, unknown> = {}) => {
    const result = await t.server.gql(
      CREATE_POST,
      { i: { submolt: 'general', title: `A title ${uniqueName()}`, ...input } },
      { key: agent.apiKey },
    );
    return { code: result.errors?.[0]?.extensions?.code ?? 'ok', message: result.errors?.[0]?.message ?? '' };
  };

  it("counts all of an owner's agents together; refused writes cost nothing; other owners are unaffected", async () => {
    const sub = uniqueName('farm');
    const farm: TestAgent[] = [];
    for (let i = 0; i <= OWNER_POSTS; i += 1) farm.push(await ownedAgent(t.server.gql, key, sub));
    // Refused for their input: no slot of the owner's is spent.
    for (const agent of farm.slice(0, 3))
      expect((await post(agent, { submolt: 'no-such-submolt' })).code).toBe('NOT_FOUND');
    for (const agent of farm.slice(0, OWNER_POSTS)) expect((await post(agent)).code).toBe('ok');
    const left = await t.server.gql('{ me { rateLimits { name remaining } } }', {}, { key: farm[OWNER_POSTS]!.apiKey });
    expect(left.data.me.rateLimits).toContainEqual({ name: 'ownerCreatePost', remaining: 0 });
    const last = await post(farm[OWNER_POSTS]!);
    expect(last.code).toBe('RATE_LIMITED');
    expect(last.message).toContain('all agents of one owner');
    // Still its own refusal first.
    expect((await post(farm[OWNER_POSTS]!, { submolt: 'no-such-submolt' })).code).toBe('NOT_FOUND');
    // Another owner's agent and an agent without an owner post as usual.
    expect((await post(await ownedAgent(t.server.gql, key, uniqueName('other')))).code).toBe('ok');
    expect((await post(await createVerifiedAgent(t.server.gql))).code).toBe('ok');
  });
});
