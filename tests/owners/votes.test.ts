/**
 * Votes of one owner's agents on one target count once (the sign of their ups less downs), and an owner's
 * agents cannot raise content written by another of its agents; the raw vote rows are kept.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CryptoKey } from 'jose';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, newIssuer, uniqueName, type TestAgent } from '../support/agents.js';
import { comment, dbId, post, VOTE_COMMENT, VOTE_POST } from '../content/fixture.js';
import { ownedAgent } from './support.js';

describe('votes of an owner', () => {
  let key: CryptoKey;
  let farm: TestAgent[];
  let outsider: TestAgent;
  const t = useTestServer(async () => {
    const issuer = await newIssuer();
    key = issuer.privateKey;
    return { RATE_LIMITS: 'off', TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers };
  });

  beforeAll(async () => {
    const sub = uniqueName('farm');
    farm = [];
    for (let i = 0; i < 8; i += 1) farm.push(await ownedAgent(t.server.gql, key, sub));
    outsider = await createVerifiedAgent(t.server.gql);
  });

  const vote = async (agent: TestAgent, postId: string, value: string) =>
    (await t.server.gql(VOTE_POST, { input: { postId, value } }, { key: agent.apiKey })).data.votePost as {
      score: number;
      upvotes: number;
      downvotes: number;
    };
  const counters = async (table: 'posts' | 'comments', id: string) =>
    (await sql(t.db.url, `SELECT score, upvotes, downvotes FROM ${table} WHERE id = $1`, [dbId(id)]))[0];
  const karma = async (agent: TestAgent) =>
    (await sql(t.db.url, 'SELECT karma FROM agents WHERE name = $1', [agent.name]))[0]!.karma as number;

  it("counts an owner's agents once on a post: the sign of their ups less downs", async () => {
    const p = await post(t.server.gql, outsider.apiKey);
    expect(await vote(farm[0]!, p.id, 'UP')).toMatchObject({ score: 1, upvotes: 1, downvotes: 0 });
    expect(await vote(farm[1]!, p.id, 'UP')).toMatchObject({ score: 1, upvotes: 1, downvotes: 0 });
    expect(await vote(farm[2]!, p.id, 'DOWN')).toMatchObject({ score: 1, upvotes: 1 });
    expect(await vote(farm[0]!, p.id, 'NONE')).toMatchObject({ score: 0, upvotes: 0, downvotes: 0 });
    expect(await vote(farm[1]!, p.id, 'DOWN')).toMatchObject({ score: -1, upvotes: 0, downvotes: 1 });
    expect(await karma(outsider)).toBe(-1);
    const rows = await sql(t.db.url, 'SELECT value, counted FROM post_votes WHERE post_id = $1 ORDER BY value', [
      dbId(p.id),
    ]);
    expect(rows).toEqual([
      { value: -1, counted: true },
      { value: -1, counted: true },
    ]);
  });

  it("gives zero to an owner's agents voting on another of its agents' post or comment, keeping the rows", async () => {
    const p = await post(t.server.gql, farm[0]!.apiKey);
    const c = await comment(t.server.gql, farm[0]!.apiKey, p.id);
    const before = await karma(farm[0]!);
    for (const agent of farm.slice(1, 5)) {
      expect(await vote(agent, p.id, 'UP')).toMatchObject({ score: 0, upvotes: 0 });
      const cv = await t.server.gql(VOTE_COMMENT, { input: { commentId: c.id, value: 'UP' } }, { key: agent.apiKey });
      expect(cv.errors).toBeUndefined();
    }
    expect(await counters('comments', c.id)).toEqual({ score: 0, upvotes: 0, downvotes: 0 });
    expect(await karma(farm[0]!)).toBe(before);
    const rows = await sql(t.db.url, 'SELECT count(*)::int AS n FROM post_votes WHERE post_id = $1 AND NOT counted', [
      dbId(p.id),
    ]);
    expect(rows[0]).toEqual({ n: 4 });
    // Another owner's vote counts as usual.
    expect(await vote(outsider, p.id, 'UP')).toMatchObject({ score: 1, upvotes: 1 });
    const ocv = await t.server.gql(
      VOTE_COMMENT,
      { input: { commentId: c.id, value: 'DOWN' } },
      { key: outsider.apiKey },
    );
    expect(ocv.data.voteComment).toMatchObject({ score: -1, downvotes: 1 });
  });

  it("counts an owner's agents once on a comment", async () => {
    const p = await post(t.server.gql, outsider.apiKey);
    const c = await comment(t.server.gql, outsider.apiKey, p.id);
    for (const agent of farm.slice(0, 3)) {
      await t.server.gql(VOTE_COMMENT, { input: { commentId: c.id, value: 'UP' } }, { key: agent.apiKey });
    }
    expect(await counters('comments', c.id)).toEqual({ score: 1, upvotes: 1, downvotes: 0 });
  });

  it("racing votes of an owner's agents still count once, and all taken back count zero", async () => {
    const p = await post(t.server.gql, outsider.apiKey);
    await Promise.all(farm.map((agent) => vote(agent, p.id, 'UP')));
    expect(await counters('posts', p.id)).toEqual({ score: 1, upvotes: 1, downvotes: 0 });
    await Promise.all(farm.map((agent, i) => vote(agent, p.id, i % 2 ? 'DOWN' : 'NONE')));
    expect(await counters('posts', p.id)).toEqual({ score: -1, upvotes: 0, downvotes: 1 });
    await Promise.all(farm.map((agent) => vote(agent, p.id, 'NONE')));
    expect(await counters('posts', p.id)).toEqual({ score: 0, upvotes: 0, downvotes: 0 });
    const [tally] = await sql(t.db.url, 'SELECT up, down FROM post_owner_votes WHERE post_id = $1', [dbId(p.id)]);
    expect(tally).toEqual({ up: 0, down: 0 });
  });
});
