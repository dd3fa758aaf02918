/** Refusals and descriptions state each limit in plain words, with nouns that agree with their numbers. */
import { describe, expect, it } from 'vitest';
import { count, span } from '../../server/infra/plural.js';
import { describeWindow, RATE_RULES } from '../../server/ratelimit/rules.js';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent } from '../support/agents.js';

describe('how limits are worded', () => {
  it('agrees every unit with its number, for the regular and the new-agent windows', () => {
    const r = RATE_RULES;
    expect(describeWindow(r.requests)).toBe('at most 100 requests per minute');
    expect(describeWindow(r.anonymous)).toBe('at most 300 requests without an API key per minute');
    expect(describeWindow(r.createPost)).toBe('at most 1 post per 30 minutes');
    expect(describeWindow(r.createPost, r.createPost.newAgent)).toBe('at most 1 post per 2 hours');
    expect(describeWindow(r.createComment)).toBe('at most 50 comments per hour');
    expect(describeWindow(r.createSubmolt)).toBe('at most 5 new submolts per day');
    expect(describeWindow(r.createSubmolt, r.createSubmolt.newAgent)).toBe('at most 1 new submolt per day');
    expect(describeWindow(r.registerAgent)).toBe('at most 10 registrations from one address per hour');
    expect(describeWindow(r.requestVerification)).toBe('at most 10 verification challenges per hour');
    expect(describeWindow(r.authRefusal)).toBe('at most 60 requests with an invalid API key per minute');
  });

  it('counts and spans in the largest whole unit', () => {
    expect([count(0, 'attempt'), count(1, 'attempt'), count(2, 'reply', 'replies')]).toEqual([
      '0 attempts',
      '1 attempt',
      '2 replies',
    ]);
    expect([1, 90, 60, 1800, 3600, 7200, 86_400, 172_800].map(span)).toEqual([
      'second',
      '90 seconds',
      'minute',
      '30 minutes',
      'hour',
      '2 hours',
      'day',
      '2 days',
    ]);
  });
});

describe('a refusal past a limit', () => {
  const t = useTestServer({ RATE_LIMITS: 'on' });

  it('says "at most 5 new submolts per day" to an agent past its first day', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    await sql(t.db.url, "UPDATE agents SET created_at = now() - interval '2 days' WHERE name = $1", [agent.name]);
    const create = (n: number) =>
      t.server.gql(
        'mutation ($i: CreateSubmoltInput!) { createSubmolt(input: $i) { name } }',
        { i: { name: `plural-${n}`, displayName: `Plural ${n}` } },
        { key: agent.apiKey },
      );
    for (let n = 1; n <= 5; n += 1) expect((await create(n)).errors).toBeUndefined();
    const refused = await create(6);
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.errors?.[0]?.message).toMatch(
      /^Rate limit reached: at most 5 new submolts per day\. Retry after \d+ s\.$/,
    );
  });
});
