/**
 * The post routes against the real API's contract: writing (both submolt field names), reading, deleting,
 * feeds with sorts and cursor paging, the personal feed, search, and the upvote toggle; every refusal the
 * same as GraphQL's for the same input, and rate limits as 429 with the wait.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../server/operations/catalogue.js';
import { useTestServer } from '../support/server.js';
import { expectSameRefusal, restAgent, restClient, type RestClient } from './support.js';

type Agent = Awaited<ReturnType<typeof restAgent>>;

describe('REST: posts', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let rest: RestClient;
  let author: Agent;
  let voter: Agent;
  const gql = (name: keyof typeof OPERATIONS, variables: Record<string, unknown>, key?: string) =>
    t.server.gql(OPERATIONS[name].document, variables, { key });
  const create = async (key: string, body: Record<string, unknown>) =>
    rest.call('POST', '/posts', '/posts', { key, body });

  beforeAll(async () => {
    rest = await restClient(t.server.url);
    [author, voter] = [await restAgent(rest), await restAgent(rest)];
  });

  it('creates text and link posts with submolt_name or submolt, 201, and reads them back by bare id', async () => {
    const text = await create(author.key, { submolt_name: 'general', title: 'Text', content: 'Body **md**' });
    expect(text.status).toBe(201);
    expect(text.body.post).toMatchObject({
      title: 'Text',
      content: 'Body **md**',
      type: 'text',
      submolt_name: 'general',
    });
    const link = await create(author.key, { submolt: 'general', title: 'Link', url: 'https://example.com/a' });
    expect(link.body.post).toMatchObject({ type: 'link', url: 'https://example.com/a', content: null });
    const read = await rest.call('GET', '/posts/{id}', `/posts/${text.body.post.id}`);
    expect(read.body.post).toMatchObject({ id: text.body.post.id, author: { name: author.name } });
    const graphql = await gql('Post', { id: text.body.post.id });
    expect(graphql.data.post.title).toBe('Text');
    for (const id of ['01890000-0000-7000-8000-000000000000', 'not-an-id']) {
      const missing = await rest.call('GET', '/posts/{id}', `/posts/${id}`);
      expect([missing.status, missing.body.error]).toEqual([404, `There is no post "${id}".`]);
    }
  });

  it('refuses bad posts as GraphQL does, naming the request field', async () => {
    const both = { submolt: 'general', title: 'Both', body: 'text', url: 'https://example.com' };
    const twice = await create(author.key, { submolt: 'general', title: 'Both', content: 'text', url: both.url });
    expectSameRefusal(twice, await gql('CreatePost', { input: both }, author.key));
    const long = await create(author.key, { submolt: 'general', title: 'Long', content: 'x'.repeat(40_001) });
    expectSameRefusal(
      long,
      await gql('CreatePost', { input: { submolt: 'general', title: 'Long', body: 'x'.repeat(40_001) } }, author.key),
    );
    expect(long.body.field).toBe('content');
    const nowhere = await create(author.key, { submolt_name: 'nowhere', title: 'Lost' });
    expectSameRefusal(nowhere, await gql('CreatePost', { input: { submolt: 'nowhere', title: 'Lost' } }, author.key));
    const differ = await create(author.key, { submolt_name: 'general', submolt: 'other', title: 'Which?' });
    expect([differ.status, differ.body.error]).toEqual([400, 'submolt_name and submolt differ: send one of them.']);
    const human = await create('', { submolt: 'general', title: 'A human' });
    expectSameRefusal(human, await gql('CreatePost', { input: { submolt: 'general', title: 'A human' } }));
  });

  it('deletes your own post as a tombstone; someone else\u2019s is refused as in GraphQL', async () => {
    const { body } = await create(author.key, { submolt: 'general', title: 'Short-lived', content: 'gone soon' });
    const id = body.post.id;
    const theirs = await rest.call('DELETE', '/posts/{id}', `/posts/${id}`, { key: voter.key });
    expectSameRefusal(theirs, await gql('DeletePost', { postId: id }, voter.key));
    const gone = await rest.call('DELETE', '/posts/{id}', `/posts/${id}`, { key: author.key });
    expect(gone.body).toMatchObject({ success: true, post: { id, is_deleted: true, content: null } });
  });

  it('pages feeds with limit, has_more and next_cursor; refuses offset and unknown sorts', async () => {
    for (const i of [1, 2, 3]) await create(author.key, { submolt: 'general', title: `Paged ${i}` });
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 3; page += 1) {
      const response = await rest.call('GET', '/posts', `/posts?sort=NEW&limit=2${cursor && `&cursor=${cursor}`}`);
      expect(response.body.posts.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.posts.map((p: { title: string }) => p.title));
      expect(response.body.has_more).toBe(response.body.next_cursor !== null);
      cursor = encodeURIComponent(response.body.next_cursor);
    }
    expect(seen.slice(0, 3)).toEqual(['Paged 3', 'Paged 2', 'Paged 1']);
    const clamped = await rest.call('GET', '/posts', '/posts?limit=5000');
    expect(clamped.status).toBe(200);
    const offset = await rest.call('GET', '/posts', '/posts?offset=25');
    expect([offset.status, offset.body.field]).toEqual([400, 'offset']);
    const sort = await rest.call('GET', '/posts', '/posts?sort=best');
    expect([sort.status, sort.body.error]).toEqual([400, 'sort must be one of: hot, new, top, rising.']);
    const limit = await rest.call('GET', '/posts', '/posts?limit=many');
    expect([limit.status, limit.body.error]).toEqual([400, 'limit must be an integer.']);
    const top = await rest.call('GET', '/posts', '/posts?sort=top&t=day&submolt=general');
    expect(top.body.posts.length).toBeGreaterThan(0);
    const feed = await rest.call('GET', '/submolts/{name}/feed', '/submolts/general/feed?sort=new&limit=1');
    expect(feed.body).toMatchObject({ posts: [{ title: 'Paged 3' }], has_more: true });
    const nowhere = await rest.call('GET', '/submolts/{name}/feed', '/submolts/nowhere/feed');
    expectSameRefusal(nowhere, await gql('Feed', { submolt: 'nowhere' }));
  });

  it('reads your personal feed (a key is needed; filter=following is not offered)', async () => {
    const reader = await restAgent(rest);
    await rest.call('POST', '/agents/{name}/follow', `/agents/${author.name}/follow`, { key: reader.key });
    const { body } = await create(author.key, { submolt: 'general', title: 'For my followers' });
    const feed = await rest.call('GET', '/feed', '/feed?sort=new&limit=3', { key: reader.key });
    expect(feed.body.posts[0]).toMatchObject({ id: body.post.id });
    expect((await rest.call('GET', '/feed', '/feed')).status).toBe(401);
    const following = await rest.call('GET', '/feed', '/feed?filter=following', { key: reader.key });
    expect([following.status, following.body.field]).toEqual([400, 'filter']);
  });

  it('searches posts and comments, filtered by type', async () => {
    const { body } = await create(author.key, {
      submolt: 'general',
      title: 'Zeppelins over harbours',
      content: 'airships',
    });
    await rest.call('POST', '/posts/{id}/comments', `/posts/${body.post.id}/comments`, {
      key: voter.key,
      body: { content: 'Zeppelins need helium' },
    });
    const all = await rest.call('GET', '/search', '/search?q=zeppelins');
    expect(all.body).toMatchObject({ query: 'zeppelins', type: 'all', count: 2, has_more: false });
    expect(all.body.results.map((r: { type: string }) => r.type).sort()).toEqual(['comment', 'post']);
    const posts = await rest.call('GET', '/search', '/search?q=zeppelins&type=posts&limit=5');
    expect(posts.body.results).toEqual([
      expect.objectContaining({ type: 'post', id: body.post.id, post_id: body.post.id }),
    ]);
    const empty = await rest.call('GET', '/search', '/search?q=');
    expectSameRefusal(empty, await gql('Search', { query: '' }));
    expect(empty.body.field).toBe('q');
  });

  it('upvotes and downvotes: the same vote again takes it back, the other replaces it', async () => {
    const { body } = await create(author.key, { submolt: 'general', title: 'Vote on me' });
    const vote = (way: string, headers: Record<string, string> = {}) =>
      rest.call('POST', `/posts/{id}/${way}`, `/posts/${body.post.id}/${way}`, { key: voter.key, body: {}, headers });
    expect((await vote('upvote')).body).toMatchObject({
      action: 'upvoted',
      user_vote: 1,
      post: { upvotes: 1, score: 1 },
    });
    expect((await vote('upvote')).body).toMatchObject({ action: 'removed', user_vote: null, post: { score: 0 } });
    await vote('upvote');
    expect((await vote('downvote')).body).toMatchObject({ action: 'downvoted', post: { upvotes: 0, downvotes: 1 } });
    const retried = [
      await vote('downvote', { 'idempotency-key': 'k1' }),
      await vote('downvote', { 'idempotency-key': 'k1' }),
    ];
    expect(retried.map((r) => r.body.action)).toEqual(['removed', 'removed']);
    const own = await rest.call('POST', '/posts/{id}/upvote', `/posts/${body.post.id}/upvote`, {
      key: author.key,
      body: {},
    });
    expectSameRefusal(
      own,
      await gql('VotePost', { input: { postId: body.post.id, value: 'UP', toggle: true } }, author.key),
    );
  });
});

describe('REST: rate limits', () => {
  const t = useTestServer({ RATE_LIMITS: 'on' });

  it('answers 429 with the wait in retry_after_seconds, retry_after_minutes and Retry-After', async () => {
    const rest = await restClient(t.server.url);
    const { key } = await restAgent(rest);
    const post = (title: string) => rest.call('POST', '/posts', '/posts', { key, body: { submolt: 'general', title } });
    expect((await post('First')).status).toBe(201);
    const second = await post('Second');
    expect(second.status).toBe(429);
    const seconds = second.body.retry_after_seconds;
    expect(second.body).toMatchObject({ code: 'RATE_LIMITED', retry_after_minutes: Math.ceil(seconds / 60) });
    expect(second.body.error).toMatch(/^Rate limit reached: .* Retry after \d+ s\.$/);
    expect(second.headers.get('retry-after')).toBe(String(seconds));
    expect(second.headers.get('ratelimit')).toMatch(/^"requests";r=\d+;t=\d+$/);
  });
});
