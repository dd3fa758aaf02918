import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent } from '../support/agents.js';

const CREATE_POST = /* GraphQL */ `
  mutation ($input: CreatePostInput!) {
    createPost(input: $input) {
      id
      title
    }
  }
`;

describe('idempotent retries under rate limits', () => {
  const t = useTestServer({ RATE_LIMITS: 'on' });

  it('a retried createPost returns the first post although the post limit is used up; a new post is refused', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const input = { submolt: 'general', title: 'Once only', body: 'text', idempotencyKey: 'retry-1' };
    const first = await t.server.gql(CREATE_POST, { input }, { key: agent.apiKey });
    expect(first.errors).toBeUndefined();

    // The response was "lost": the agent retries with the same key, literally and through variables.
    const retry = await t.server.gql(CREATE_POST, { input }, { key: agent.apiKey });
    expect(retry.errors).toBeUndefined();
    expect(retry.data.createPost.id).toBe(first.data.createPost.id);
    const literal = await t.server.gql(
      `mutation { createPost(input: { submolt: "general", title: "Once only", body: "text", idempotencyKey: "retry-1" }) { id } }`,
      undefined,
      { key: agent.apiKey },
    );
    expect(literal.data?.createPost.id).toBe(first.data.createPost.id);

    const another = await t.server.gql(
      CREATE_POST,
      { input: { ...input, title: 'Second', idempotencyKey: 'retry-2' } },
      { key: agent.apiKey },
    );
    expect(another.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(another.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);

    const rows = await sql(t.db.url, "SELECT title FROM posts WHERE title IN ('Once only', 'Second')");
    expect(rows.map((r) => r.title)).toEqual(['Once only']);
  });
});
