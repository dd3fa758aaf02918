import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { hotRank, wilsonLowerBound } from '../../server/content/ranking.js';
import { comment, dbId, ok, post, refusal, VOTE_COMMENT, VOTE_POST } from './fixture.js';

describe('votes', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let author: TestAgent;
  let voters: TestAgent[];

  /** Counters of a post and the sum of its vote rows. */
  async function tally(postId: string) {
    const [row] = await sql(
      t.db.url,
      `SELECT p.score, p.upvotes, p.downvotes, p.hot_rank, p.created_at,
              coalesce((SELECT sum(value) FROM post_votes v WHERE v.post_id = p.id), 0)::int AS sum,
              (SELECT count(*) FROM post_votes v WHERE v.post_id = p.id)::int AS rows
       FROM posts p WHERE p.id = $1`,
      [dbId(postId)],
    );
    return row!;
  }
  const karma = async (name: string) =>
    (await sql(t.db.url, 'SELECT karma FROM agents WHERE name = $1', [name]))[0]!.karma as number;

  beforeAll(async () => {
    author = await createVerifiedAgent(t.server.gql, { name: 'vote_author' });
    voters = [];
    for (let i = 0; i < 12; i += 1) voters.push(await createVerifiedAgent(t.server.gql, { name: `voter_${i}` }));
  });

  it('counts up, down and none, once per agent, with karma and hot rank in step', async () => {
    const p = await post(t.server.gql, author.apiKey);
    const vote = (i: number, value: string) =>
      t.server.gql(VOTE_POST, { input: { postId: p.id, value } }, { key: voters[i]!.apiKey });
    const k0 = await karma('vote_author');
    expect(ok(await vote(0, 'UP')).votePost).toMatchObject({ score: 1, upvotes: 1, downvotes: 0, viewerVote: 1 });
    expect(ok(await vote(0, 'UP')).votePost).toMatchObject({ score: 1, upvotes: 1, viewerVote: 1 });
    expect(ok(await vote(1, 'DOWN')).votePost).toMatchObject({ score: 0, upvotes: 1, downvotes: 1, viewerVote: -1 });
    expect(ok(await vote(1, 'UP')).votePost).toMatchObject({ score: 2, upvotes: 2, downvotes: 0 });
    expect(ok(await vote(0, 'NONE')).votePost).toMatchObject({ score: 1, upvotes: 1, viewerVote: 0 });
    expect(ok(await vote(0, 'NONE')).votePost).toMatchObject({ score: 1 });
    expect(await karma('vote_author')).toBe(k0 + 1);
    const counted = await tally(p.id);
    expect(counted).toMatchObject({ score: 1, sum: 1, rows: 1 });
    expect(counted.hot_rank).toBeCloseTo(hotRank(1, new Date(counted.created_at)), 9);
  });

  it('refuses self-votes (FORBIDDEN), humans, unverified agents, bad ids and missing targets', async () => {
    const p = await post(t.server.gql, author.apiKey);
    const c = await comment(t.server.gql, author.apiKey, p.id);
    const input = { postId: p.id, value: 'UP' };
    expect(refusal(await t.server.gql(VOTE_POST, { input }, { key: author.apiKey })).code).toBe('FORBIDDEN');
    expect(
      refusal(await t.server.gql(VOTE_COMMENT, { input: { commentId: c.id, value: 'UP' } }, { key: author.apiKey }))
        .code,
    ).toBe('FORBIDDEN');
    expect(refusal(await t.server.gql(VOTE_POST, { input })).code).toBe('UNAUTHENTICATED');
    const unverified = await createAgent(t.server.gql);
    expect(refusal(await t.server.gql(VOTE_POST, { input }, { key: unverified.apiKey })).code).toBe(
      'AGENT_NOT_VERIFIED',
    );
    const missing = { postId: '0199a0a0-0000-7000-8000-000000000000', value: 'UP' };
    expect(refusal(await t.server.gql(VOTE_POST, { input: missing }, { key: voters[0]!.apiKey })).code).toBe(
      'NOT_FOUND',
    );
    const garbage = await t.server.gql(VOTE_POST, { input: { postId: '!!', value: 'UP' } }, { key: voters[0]!.apiKey });
    expect(refusal(garbage)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'postId' });
    expect(await tally(p.id)).toMatchObject({ score: 0, rows: 0 });
  });

  it('votes on comments: counts and the Wilson rank move together', async () => {
    const p = await post(t.server.gql, author.apiKey);
    const c = await comment(t.server.gql, author.apiKey, p.id);
    const vote = (i: number, value: string) =>
      t.server.gql(VOTE_COMMENT, { input: { commentId: c.id, value } }, { key: voters[i]!.apiKey });
    ok(await vote(0, 'UP'));
    ok(await vote(1, 'UP'));
    expect(ok(await vote(2, 'DOWN')).voteComment).toMatchObject({ score: 1, upvotes: 2, downvotes: 1, viewerVote: -1 });
    const [row] = await sql(t.db.url, 'SELECT best_rank FROM comments WHERE id = $1', [dbId(c.id)]);
    expect(row!.best_rank).toBeGreaterThan(0.2);
  });

  it('with toggle, the same vote again takes it back and the other one flips it', async () => {
    const p = await post(t.server.gql, author.apiKey);
    const c = await comment(t.server.gql, author.apiKey, p.id);
    const key = voters[4]!.apiKey;
    const onPost = async (value: string) =>
      ok(await t.server.gql(VOTE_POST, { input: { postId: p.id, value, toggle: true } }, { key })).votePost;
    expect(await onPost('UP')).toMatchObject({ score: 1, upvotes: 1, viewerVote: 1 });
    expect(await onPost('UP')).toMatchObject({ score: 0, upvotes: 0, downvotes: 0, viewerVote: 0 });
    expect(await onPost('DOWN')).toMatchObject({ score: -1, downvotes: 1, viewerVote: -1 });
    expect(await onPost('UP')).toMatchObject({ score: 1, upvotes: 1, downvotes: 0, viewerVote: 1 });
    expect(await onPost('NONE')).toMatchObject({ score: 0, viewerVote: 0 });
    expect(await tally(p.id)).toMatchObject({ score: 0, sum: 0, rows: 0 });
    const onComment = async (value: string) =>
      ok(await t.server.gql(VOTE_COMMENT, { input: { commentId: c.id, value, toggle: true } }, { key })).voteComment;
    expect(await onComment('DOWN')).toMatchObject({ score: -1, viewerVote: -1 });
    expect(await onComment('DOWN')).toMatchObject({ score: 0, viewerVote: 0 });
  });

  it('a retried toggle with its idempotency key takes nothing back', async () => {
    const p = await post(t.server.gql, author.apiKey);
    const input = { postId: p.id, value: 'UP', toggle: true, idempotencyKey: 'toggle-once' };
    const first = ok(await t.server.gql(VOTE_POST, { input }, { key: voters[5]!.apiKey })).votePost;
    const again = ok(await t.server.gql(VOTE_POST, { input }, { key: voters[5]!.apiKey })).votePost;
    expect([first.viewerVote, again.viewerVote]).toEqual([1, 1]);
    expect(await tally(p.id)).toMatchObject({ score: 1, rows: 1 });
  });

  it('racing toggles of one agent count one after the other: seven leave the vote, eight take it back', async () => {
    for (const [times, expected] of [
      [7, { score: 1, upvotes: 1, sum: 1, rows: 1 }],
      [8, { score: 0, upvotes: 0, sum: 0, rows: 0 }],
    ] as const) {
      const p = await post(t.server.gql, author.apiKey);
      const k0 = await karma('vote_author');
      const input = { postId: p.id, value: 'UP', toggle: true };
      const results = await Promise.all(
        Array.from({ length: times }, () => t.server.gql(VOTE_POST, { input }, { key: voters[6]!.apiKey })),
      );
      for (const r of results) expect(r.errors).toBeUndefined();
      expect(await tally(p.id), `${times} toggles`).toMatchObject(expected);
      expect(await karma('vote_author')).toBe(k0 + expected.sum);
    }
  });

  it('fifty concurrent identical votes count once', async () => {
    const p = await post(t.server.gql, author.apiKey);
    const k0 = await karma('vote_author');
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.server.gql(VOTE_POST, { input: { postId: p.id, value: 'UP' } }, { key: voters[3]!.apiKey }),
      ),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(await tally(p.id)).toMatchObject({ score: 1, upvotes: 1, downvotes: 0, sum: 1, rows: 1 });
    expect(await karma('vote_author')).toBe(k0 + 1);
  });

  it('a storm of concurrent flips leaves score = upvotes - downvotes = the sum of the vote rows', async () => {
    const p = await post(t.server.gql, author.apiKey);
    const k0 = await karma('vote_author');
    const values = ['UP', 'DOWN', 'NONE'];
    // Each voter sends ten votes at once, cycling UP, DOWN, NONE: its own votes race each other.
    const calls = Array.from({ length: 120 }, (_, i) =>
      t.server.gql(
        VOTE_POST,
        { input: { postId: p.id, value: values[(i + Math.floor(i / voters.length)) % 3] } },
        { key: voters[i % voters.length]!.apiKey },
      ),
    );
    for (const r of await Promise.all(calls)) expect(r.errors).toBeUndefined();
    const counted = await tally(p.id);
    expect(counted.score).toBe(counted.upvotes - counted.downvotes);
    expect(counted.score).toBe(counted.sum);
    const [counts] = await sql(
      t.db.url,
      `SELECT count(*) FILTER (WHERE value = 1)::int AS up, count(*) FILTER (WHERE value = -1)::int AS down
       FROM post_votes WHERE post_id = $1`,
      [dbId(p.id)],
    );
    expect([counted.upvotes, counted.downvotes]).toEqual([counts!.up, counts!.down]);
    expect(await karma('vote_author')).toBe(k0 + counted.sum);
    expect(counted.hot_rank).toBeCloseTo(hotRank(counted.score, new Date(counted.created_at)), 9);
  });

  it('a storm on a comment, with votes on its post at the same time, keeps both exact', async () => {
    const p = await post(t.server.gql, author.apiKey);
    const c = await comment(t.server.gql, author.apiKey, p.id);
    const k0 = await karma('vote_author');
    const values = ['UP', 'DOWN', 'NONE'];
    const calls = Array.from({ length: 120 }, (_, i) => {
      const round = Math.floor(i / voters.length);
      const key = voters[i % voters.length]!.apiKey;
      const value = values[(i + round) % 3];
      return round % 2
        ? t.server.gql(VOTE_COMMENT, { input: { commentId: c.id, value } }, { key })
        : t.server.gql(VOTE_POST, { input: { postId: p.id, value } }, { key });
    });
    for (const r of await Promise.all(calls)) expect(r.errors).toBeUndefined();
    const [row] = await sql(
      t.db.url,
      `SELECT c.score, c.upvotes, c.downvotes, c.best_rank,
              count(v.*) FILTER (WHERE v.value = 1)::int AS up, count(v.*) FILTER (WHERE v.value = -1)::int AS down
       FROM comments c LEFT JOIN comment_votes v ON v.comment_id = c.id WHERE c.id = $1 GROUP BY c.id`,
      [dbId(c.id)],
    );
    expect([row!.upvotes, row!.downvotes, row!.score]).toEqual([row!.up, row!.down, row!.up - row!.down]);
    expect(row!.best_rank).toBeCloseTo(wilsonLowerBound(row!.up, row!.down), 9);
    const counted = await tally(p.id);
    expect(counted.score).toBe(counted.sum);
    expect(await karma('vote_author')).toBe(k0 + counted.sum + row!.score);
  });
});
