/**
 * The comment and submolt routes against the real API's contract: comments and replies, the tree with its
 * sorts and cursor paging, deleting, comment votes, and submolts (create, list, read, subscribe); every
 * refusal the same as GraphQL's for the same input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../server/operations/catalogue.js';
import { useTestServer } from '../support/server.js';
import { expectSameRefusal, restAgent, restClient, type RestClient } from './support.js';

type Agent = Awaited<ReturnType<typeof restAgent>>;

describe('REST: comments and submolts', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let rest: RestClient;
  let alice: Agent;
  let bob: Agent;
  let postId: string;
  const gql = (name: keyof typeof OPERATIONS, variables: Record<string, unknown>, key?: string) =>
    t.server.gql(OPERATIONS[name].document, variables, { key });
  const comment = (key: string, body: Record<string, unknown>, post = postId) =>
    rest.call('POST', '/posts/{id}/comments', `/posts/${post}/comments`, { key, body });

  beforeAll(async () => {
    rest = await restClient(t.server.url);
    [alice, bob] = [await restAgent(rest), await restAgent(rest)];
    const created = await rest.call('POST', '/posts', '/posts', {
      key: alice.key,
      body: { submolt: 'general', title: 'Thread' },
    });
    postId = created.body.post.id;
  });

  it('comments and replies with parent_id (201), and lists the thread as a tree, oldest first', async () => {
    const first = await comment(bob.key, { content: 'First' });
    expect(first.status).toBe(201);
    expect(first.body.comment).toMatchObject({ content: 'First', parent_id: null, depth: 0, post_id: postId });
    const reply = await comment(alice.key, { content: 'A reply', parent_id: first.body.comment.id });
    expect(reply.body.comment).toMatchObject({ parent_id: first.body.comment.id, depth: 1 });
    for (const content of ['Second', 'Third']) await comment(bob.key, { content });
    for (const content of ['Reply 2', 'Reply 3']) await comment(bob.key, { content, parent_id: first.body.comment.id });

    const tree = await rest.call('GET', '/posts/{id}/comments', `/posts/${postId}/comments?sort=old&limit=2`);
    expect(tree.body).toMatchObject({ post_id: postId, sort: 'old', count: 6, has_more: true });
    const [top] = tree.body.comments;
    expect(top).toMatchObject({ content: 'First', reply_count: 3, depth: 0 });
    expect(top.replies.map((r: { content: string }) => r.content)).toEqual(['A reply', 'Reply 2']);
    expect(top.replies[0]).toMatchObject({ parent_id: top.id, depth: 1, post_id: postId });
    const next = await rest.call(
      'GET',
      '/posts/{id}/comments',
      `/posts/${postId}/comments?sort=old&limit=2&cursor=${encodeURIComponent(tree.body.next_cursor)}`,
    );
    expect(next.body.comments.map((c: { content: string }) => c.content)).toEqual(['Third']);
    expect(next.body).toMatchObject({ has_more: false, next_cursor: null });
    const newest = await rest.call('GET', '/posts/{id}/comments', `/posts/${postId}/comments?sort=new`);
    expect(newest.body.comments.map((c: { content: string }) => c.content)).toEqual(['Third', 'Second', 'First']);

    const replies = await rest.call('GET', '/comments/{id}/replies', `/comments/${top.id}/replies?sort=old&limit=5`);
    expect(replies.body.replies.map((r: { content: string }) => r.content)).toEqual(['A reply', 'Reply 2', 'Reply 3']);
    const controversial = await rest.call(
      'GET',
      '/posts/{id}/comments',
      `/posts/${postId}/comments?sort=controversial`,
    );
    expect([controversial.status, controversial.body.field]).toEqual([400, 'sort']);
  });

  it('refuses bad comments as GraphQL does, naming the request field', async () => {
    const empty = await comment(bob.key, { content: '' });
    expectSameRefusal(empty, await gql('CreateComment', { input: { postId, body: '' } }, bob.key));
    expect(empty.body.field).toBe('content');
    const orphan = await comment(bob.key, { content: 'Where?', parent_id: '01890000-0000-7000-8000-000000000000' });
    const input = { postId, body: 'Where?', parentId: '01890000-0000-7000-8000-000000000000' };
    expectSameRefusal(orphan, await gql('CreateComment', { input }, bob.key));
    const missingPost = '01890000-0000-7000-8000-000000000000';
    const lost = await comment(bob.key, { content: 'Lost' }, missingPost);
    expectSameRefusal(lost, await gql('CreateComment', { input: { postId: missingPost, body: 'Lost' } }, bob.key));
    const nothing = await rest.call('GET', '/posts/{id}/comments', `/posts/${missingPost}/comments`);
    expect([nothing.status, nothing.body.error]).toEqual([404, `There is no post "${missingPost}".`]);
  });

  it('votes on comments with the toggle, and deletes them as tombstones', async () => {
    const { body } = await comment(bob.key, { content: 'Vote and delete' });
    const id = body.comment.id;
    const up = () => rest.call('POST', '/comments/{id}/upvote', `/comments/${id}/upvote`, { key: alice.key, body: {} });
    expect((await up()).body).toMatchObject({ action: 'upvoted', comment: { id, score: 1 } });
    expect((await up()).body).toMatchObject({ action: 'removed', comment: { score: 0 } });
    const down = await rest.call('POST', '/comments/{id}/downvote', `/comments/${id}/downvote`, {
      key: alice.key,
      body: {},
    });
    expect(down.body).toMatchObject({ action: 'downvoted', user_vote: -1, comment: { downvotes: 1 } });
    const theirs = await rest.call('DELETE', '/comments/{id}', `/comments/${id}`, { key: alice.key });
    expectSameRefusal(theirs, await gql('DeleteComment', { commentId: id }, alice.key));
    const gone = await rest.call('DELETE', '/comments/{id}', `/comments/${id}`, { key: bob.key });
    expect(gone.body.comment).toMatchObject({ id, is_deleted: true, content: null });
  });

  it('creates, lists, reads, subscribes to and unsubscribes from submolts', async () => {
    const created = await rest.call('POST', '/submolts', '/submolts', {
      key: alice.key,
      body: { name: 'rest-lovers', display_name: 'REST lovers', description: 'Paths and verbs', allow_crypto: false },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      submolt: { name: 'rest-lovers', display_name: 'REST lovers', subscriber_count: 1, is_subscribed: true },
      ignored_fields: ['allow_crypto'],
    });
    const taken = await rest.call('POST', '/submolts', '/submolts', { key: bob.key, body: { name: 'rest-lovers' } });
    expectSameRefusal(taken, await gql('CreateSubmolt', { input: { name: 'rest-lovers' } }, bob.key));
    const bad = await rest.call('POST', '/submolts', '/submolts', { key: bob.key, body: { name: 'No Spaces' } });
    expectSameRefusal(bad, await gql('CreateSubmolt', { input: { name: 'No Spaces' } }, bob.key));

    const joined = await rest.call('POST', '/submolts/{name}/subscribe', '/submolts/rest-lovers/subscribe', {
      key: bob.key,
    });
    expect(joined.body).toMatchObject({ action: 'subscribed', submolt: { subscriber_count: 2, is_subscribed: true } });
    const read = await rest.call('GET', '/submolts/{name}', '/submolts/rest-lovers', { key: bob.key });
    expect(read.body.submolt).toMatchObject({
      name: 'rest-lovers',
      created_by: { name: alice.name },
      is_subscribed: true,
    });
    const left = await rest.call('DELETE', '/submolts/{name}/subscribe', '/submolts/rest-lovers/subscribe', {
      key: bob.key,
    });
    expect(left.body).toMatchObject({ action: 'unsubscribed', submolt: { subscriber_count: 1 } });

    const page = await rest.call('GET', '/submolts', '/submolts?sort=popular&limit=1');
    expect(page.body).toMatchObject({
      submolts: [expect.objectContaining({ name: expect.any(String) })],
      has_more: true,
    });
    const next = await rest.call('GET', '/submolts', `/submolts?cursor=${encodeURIComponent(page.body.next_cursor)}`);
    expect(next.body.submolts[0].name).not.toBe(page.body.submolts[0].name);
    expect((await rest.call('GET', '/submolts', '/submolts?sort=new')).status).toBe(400);
    const none = await rest.call('GET', '/submolts/{name}', '/submolts/nowhere');
    expect([none.status, none.body.error]).toEqual([404, 'There is no submolt "nowhere".']);
    const unknown = await rest.call('POST', '/submolts/{name}/subscribe', '/submolts/nowhere/subscribe', {
      key: bob.key,
    });
    expectSameRefusal(unknown, await gql('SubscribeSubmolt', { name: 'nowhere' }, bob.key));
  });
});
