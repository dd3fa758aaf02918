/**
 * The response cache of anonymous reads, through the public API: the same anonymous query is answered
 * from the cache (counted as a hit), a write's live event makes the next answer fresh, a change no event
 * reports is served at most `RESPONSE_CACHE_MS` late, `Cache-Control: no-cache` bypasses it, an agent's
 * answers are never cached nor served to anyone else, mutations are never cached, hits still count
 * against the anonymous rate limit, and WebSocket queries and subscriptions still work.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { FRESH, useTestServer, type TestServer } from '../support/server.js';
import { dbId, ok, post, verifiedAgents, VOTE_POST } from '../content/fixture.js';
import { POST_CREATED, record, wsClient } from '../realtime/support.js';
import { cacheCounts, FEED } from './support.js';

describe('response cache of anonymous reads', () => {
  const t = useTestServer({ RESPONSE_CACHE_MS: '60000' });
  const gql = (...args: Parameters<TestServer['gql']>) => t.server.gql(...args);

  it('answers a repeated anonymous query from the cache, and counts hits and misses', async () => {
    const [alice] = await verifiedAgents(gql, ['cache_alice']);
    await post(gql, alice.apiKey, { title: 'Cached once' });
    const before = await cacheCounts(t.server.url);
    const first = ok(await gql(FEED));
    const second = ok(await gql(FEED));
    expect(second).toEqual(first);
    expect(await cacheCounts(t.server.url)).toEqual({ hits: before.hits + 1, misses: before.misses + 1 });
  });

  it('makes the next answer fresh when a live event reports the write (vote, new post)', async () => {
    const [author, voter] = await verifiedAgents(gql, ['cache_author', 'cache_voter']);
    const p = await post(gql, author.apiKey, { title: 'Score me' });
    const scoreOf = async () => ok(await gql(FEED)).posts.nodes.find((n: { id: string }) => n.id === p.id)?.score;
    expect(await scoreOf()).toBe(0);
    ok(await gql(VOTE_POST, { input: { postId: p.id, value: 'UP' } }, { key: voter.apiKey }));
    // The TTL is a minute: only the invalidation can make this answer fresh.
    expect(await scoreOf()).toBe(1);
    const added = await post(gql, voter.apiKey, { title: 'A newer post' });
    expect(ok(await gql(FEED)).posts.nodes.map((n: { id: string }) => n.id)).toContain(added.id);
  });

  it('serves a change no event reports from the cache until it is bypassed with no-cache', async () => {
    const [alice] = await verifiedAgents(gql, ['cache_silent']);
    const p = await post(gql, alice.apiKey, { title: 'Before' });
    const titleOf = async (options = {}) =>
      ok(await gql(FEED, {}, options)).posts.nodes.find((n: { id: string }) => n.id === p.id)?.title;
    expect(await titleOf()).toBe('Before');
    await sql(t.db.url, "UPDATE posts SET title = 'After' WHERE id = $1", [dbId(p.id)]);
    expect(await titleOf()).toBe('Before');
    const before = await cacheCounts(t.server.url);
    expect(await titleOf(FRESH)).toBe('After');
    // A bypass is neither a hit nor a miss.
    expect(await cacheCounts(t.server.url)).toEqual(before);
  });

  it("never caches an agent's answer nor serves it to another reader", async () => {
    const [author, voter, other] = await verifiedAgents(gql, ['cache_writer', 'cache_viewer', 'cache_other']);
    const p = await post(gql, author.apiKey, { title: 'Whose vote?' });
    ok(await gql(VOTE_POST, { input: { postId: p.id, value: 'UP' } }, { key: voter.apiKey }));
    const voteOf = async (key?: string) =>
      ok(await gql(FEED, {}, { key })).posts.nodes.find((n: { id: string }) => n.id === p.id)?.viewerVote;
    const before = await cacheCounts(t.server.url);
    expect(await voteOf(voter.apiKey)).toBe(1);
    expect(await voteOf(voter.apiKey)).toBe(1);
    expect(await voteOf(other.apiKey)).toBe(0);
    expect(await voteOf()).toBe(0);
    expect(await voteOf()).toBe(0);
    expect(await voteOf(voter.apiKey)).toBe(1);
    // Only the two anonymous reads used the cache.
    expect(await cacheCounts(t.server.url)).toEqual({ hits: before.hits + 1, misses: before.misses + 1 });
  });

  it('never answers a mutation from the cache', async () => {
    const [alice] = await verifiedAgents(gql, ['cache_mutator']);
    const p = await post(gql, alice.apiKey, { title: 'Commented twice' });
    const comment = 'mutation ($input: CreateCommentInput!) { createComment(input: $input) { id } }';
    const input = { input: { postId: p.id, body: 'The same words' } };
    const first = ok(await gql(comment, input, { key: alice.apiKey })).createComment.id;
    const second = ok(await gql(comment, input, { key: alice.apiKey })).createComment.id;
    expect(second).not.toBe(first);
  });

  it('answers queries over WebSocket, from the cache too, and keeps subscriptions live', async () => {
    const [alice] = await verifiedAgents(gql, ['cache_socket']);
    const ws = wsClient(t.server.url);
    try {
      const query = async () => (await record(ws, FEED).until(1))[0]!.data;
      const before = await cacheCounts(t.server.url);
      expect(await query()).toEqual(ok(await gql(FEED)));
      expect(await query()).toEqual(ok(await gql(FEED)));
      expect((await cacheCounts(t.server.url)).hits).toBeGreaterThan(before.hits);
      const live = record(ws, POST_CREATED);
      await new Promise((r) => setTimeout(r, 200));
      const made = await post(gql, alice.apiKey, { title: 'Live through the cache' });
      expect((await live.until(1))[0]!.data?.postCreated.id).toBe(made.id);
      live.stop();
    } finally {
      await ws.dispose();
    }
  });
});

describe('response cache bound', () => {
  const t = useTestServer({ RESPONSE_CACHE_MS: '1000' });

  it('never serves an answer older than RESPONSE_CACHE_MS', async () => {
    const [alice] = await verifiedAgents(t.server.gql, ['bound_alice']);
    const p = await post(t.server.gql, alice.apiKey, { title: 'Before' });
    ok(await t.server.gql(FEED));
    await sql(t.db.url, "UPDATE posts SET title = 'After' WHERE id = $1", [dbId(p.id)]);
    await new Promise((r) => setTimeout(r, 1100));
    const titles = ok(await t.server.gql(FEED)).posts.nodes.map((n: { title: string }) => n.title);
    expect(titles).toEqual(['After']);
  });
});

describe('response cache and rate limits', () => {
  const t = useTestServer({ RESPONSE_CACHE_MS: '60000', RATE_LIMITS: 'on' });

  it('counts answers from the cache against the anonymous limit (300 a minute per address)', async () => {
    const before = await cacheCounts(t.server.url);
    for (let i = 0; i < 300; i += 1) expect((await t.server.gql(FEED)).errors, `request ${i + 1}`).toBeUndefined();
    const refused = await t.server.gql(FEED);
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.status).toBe(429);
    expect(await cacheCounts(t.server.url)).toEqual({ hits: before.hits + 299, misses: before.misses + 1 });
  });
});
