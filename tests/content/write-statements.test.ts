/**
 * The write path's round trips to the database: a post and a vote are two statements each (the write,
 * with its audit entry in the same statement, and the read of what the mutation returns) once the key
 * was used a moment ago; their audit rows are the same as ever, one per root field, refusals included.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { dbId, ok, post, verifiedAgents } from './fixture.js';

const VOTE = 'mutation ($input: VotePostInput!) { votePost(input: $input) { id } }';
const CREATE = 'mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }';

describe('write statements', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  it('writes a post and a vote in two statements each, and audits them as before', async () => {
    const gql = t.server.gql;
    const [author, voter] = await verifiedAgents(gql, ['stmt_author', 'stmt_voter']);
    const target = await post(gql, author.apiKey, { title: 'Vote on me' });
    // The first writes stamp the key's and the agent's last use (once a minute, off the request).
    ok(await gql(VOTE, { input: { postId: target.id, value: 'DOWN' } }, { key: voter.apiKey }));
    ok(await gql(CREATE, { input: { submolt: 'general', title: 'Warm-up' } }, { key: voter.apiKey }));
    await new Promise((r) => setTimeout(r, 200));
    const statements = async (query: string, input: Record<string, unknown>) => {
      const before = t.server.app.queryCount();
      const data = ok(await gql(query, { input }, { key: voter.apiKey }));
      return { count: t.server.app.queryCount() - before, data };
    };
    const vote = await statements(VOTE, { postId: target.id, value: 'UP' });
    expect(vote.count).toBe(2);
    const created = await statements(CREATE, { submolt: 'general', title: 'Two statements' });
    expect(created.count).toBe(2);
    const own = await gql(VOTE, { input: { postId: created.data.createPost.id, value: 'UP' } }, { key: voter.apiKey });
    expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const rows = await sql(
      t.db.url,
      `SELECT operation, outcome, code, detail->>'requestId' AS request FROM audit_log
       WHERE agent_id = $1 AND operation IN ('votePost', 'createPost') ORDER BY id`,
      [dbId((await gql('query ($n: String!) { agent(name: $n) { id } }', { n: voter.name })).data.agent.id)],
    );
    expect(rows.map((r) => [r.operation, r.outcome, r.code])).toEqual([
      ['votePost', 'ok', null],
      ['createPost', 'ok', null],
      ['votePost', 'ok', null],
      ['createPost', 'ok', null],
      ['votePost', 'refused', 'FORBIDDEN'],
    ]);
    expect(rows.every((r) => typeof r.request === 'string' && r.request.length > 0)).toBe(true);
  });
});
