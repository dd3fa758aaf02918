/**
 * Live events render from the rows they carry: a burst of events to many groups of WebSocket
 * subscribers reads nothing from the database (statements counted with the app's `queryCount()`),
 * while a selection the event cannot answer (an agent's own `viewerVote`) still reads, and is right.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Client } from 'graphql-ws';
import type { Subscription } from '../../server/pubsub/pubsub.js';
import { EVERYWHERE, type Topics } from '../../server/pubsub/topics.js';
import { countsOf } from '../../server/content/snapshots.js';
import type { TestAgent } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import {
  createComment,
  createPost,
  createVerifiedAgent,
  record,
  subscriptionsFrom,
  wsClient,
  type Recording,
} from './support.js';

const t = useTestServer({ RATE_LIMITS: 'off', LIVE_COUNTS_MS: '50' });
const clients: Client[] = [];
const POSTS = 30;

/** What the viewer selects: a feed card, a thread's post, a thread's comment, the feed's counts. */
const FEED = `subscription { postCreated { id title url score commentCount createdAt editedAt deleted
  submolt { name displayName } author { name displayName verified } } }`;
const THREAD_POST = `subscription ($postId: ID!) { postUpdated(postId: $postId) {
  id title body score upvotes downvotes commentCount editedAt deleted } }`;
const THREAD_COMMENTS = `subscription ($postId: ID!) { commentAdded(postId: $postId) {
  id body depth score replyCount createdAt deleted parent { id } author { name displayName verified } } }`;
const COUNTS = `subscription { postCountsChanged { id score commentCount } }`;
const VOTE = `mutation ($input: VotePostInput!) { votePost(input: $input) { id } }`;

let author: TestAgent;
let voter: TestAgent;
let posts: string[];
const created: Topics['post:created'][] = [];
const changes: Topics['post:updated'][] = [];
const comments: Topics['comment:added'][] = [];

function open(key?: string): Client {
  const c = wsClient(t.server.url, { key });
  clients.push(c);
  return c;
}

/** Records the events the writes of `write` publish on the given channels (the events to replay later). */
async function capture(channels: [keyof Topics, string, unknown[]][], write: () => Promise<void>): Promise<void> {
  const { pubsub } = t.server.app.services;
  const listening: Subscription[] = channels.map(([topic, scope, into]) =>
    pubsub.subscribe(topic, scope, (delivery) => into.push(delivery)),
  );
  try {
    await write();
  } finally {
    for (const subscription of listening) subscription.close();
  }
}

beforeAll(async () => {
  [author, voter] = await Promise.all([createVerifiedAgent(t.server.gql), createVerifiedAgent(t.server.gql)]);
  await capture([['post:created', EVERYWHERE, created]], async () => {
    posts = [];
    for (let i = 0; i < POSTS; i += 1) posts.push(await createPost(t.server.gql, author, `Rendered ${i}`));
  });
  const ids = created.map((event) => event.post.id);
  await capture(
    ids.flatMap((id) => [
      ['post:updated', id, changes] as [keyof Topics, string, unknown[]],
      ['comment:added', id, comments],
    ]),
    async () => {
      for (const postId of posts) {
        const voted = await t.server.gql(VOTE, { input: { postId, value: 'UP' } }, { key: voter.apiKey });
        expect(voted.errors).toBeUndefined();
      }
      for (const postId of posts.slice(0, 5)) await createComment(t.server.gql, voter, postId, 'A reply to render');
    },
  );
  expect([created.length, comments.length]).toEqual([POSTS, 5]);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
});

test('a burst of events to many groups reads nothing from the database', async () => {
  const registered = await subscriptionsFrom(t.server.url);
  const feed = [record(open(), FEED), record(open(), FEED), record(open(voter.apiKey), FEED)];
  const threads = posts.map((postId) => record(open(), THREAD_POST, { postId }));
  const threadComments = posts.slice(0, 5).map((postId) => record(open(), THREAD_COMMENTS, { postId }));
  const counts = [record(open(), COUNTS), record(open(), COUNTS)];
  await registered(feed.length + threads.length + threadComments.length + counts.length);

  const { pubsub } = t.server.app.services;
  const before = t.server.app.queryCount();
  for (const event of created) pubsub.publish('post:created', event);
  for (const change of changes) pubsub.publish('post:updated', change);
  for (const event of comments) pubsub.publish('comment:added', event);
  for (const change of changes) pubsub.publish('post:counts', countsOf(change));
  const all = async (recordings: Recording[], count: number) => Promise.all(recordings.map((r) => r.until(count)));
  await all(feed, POSTS);
  // Each thread's post: the vote, then the comment count of the five commented ones.
  await Promise.all(threads.map((thread, i) => thread.until(i < 5 ? 2 : 1)));
  await all(threadComments, 1);
  const seen = () =>
    new Set(counts[0]!.results.flatMap((r) => r.data.postCountsChanged.map((c: { id: string }) => c.id)));
  for (let waited = 0; seen().size < POSTS && waited < 10_000; waited += 50)
    await new Promise((r) => setTimeout(r, 50));

  expect(t.server.app.queryCount() - before).toBe(0);
  expect(feed[2]!.results.map((r) => r.data.postCreated.author.name)).toEqual(Array(POSTS).fill(author.name));
  expect(threads[5]!.results[0]!.data.postUpdated).toMatchObject({ id: posts[5], title: 'Rendered 5', score: 1 });
  expect(threads[0]!.results[1]!.data.postUpdated).toMatchObject({
    score: 1,
    commentCount: 1,
    body: 'Body of Rendered 0',
  });
  expect(threadComments[0]!.results[0]!.data.commentAdded).toMatchObject({
    body: 'A reply to render',
    parent: null,
    author: { name: voter.name, verified: true },
  });
  expect(seen().size).toBe(POSTS);
});

test("a selection the event cannot answer (an agent's own viewerVote) reads once per group and event", async () => {
  const registered = await subscriptionsFrom(t.server.url);
  const query = `subscription ($postId: ID!) { postUpdated(postId: $postId) { id score viewerVote } }`;
  const [postId] = posts;
  const asVoter = record(open(voter.apiKey), query, { postId });
  const asHuman = record(open(), query, { postId });
  await registered(2);
  const before = t.server.app.queryCount();
  t.server.app.services.pubsub.publish('post:updated', changes[0]!);
  const [voterSaw] = await asVoter.until(1);
  const [humanSaw] = await asHuman.until(1);
  expect(t.server.app.queryCount() - before).toBe(1);
  expect(voterSaw!.data.postUpdated).toEqual({ id: postId, score: 1, viewerVote: 1 });
  expect(humanSaw!.data.postUpdated).toEqual({ id: postId, score: 1, viewerVote: 0 });
});

test('a post change that arrives after a newer one (published late by another instance) is dropped', async () => {
  const registered = await subscriptionsFrom(t.server.url);
  const postId = posts[10]!;
  const thread = record(open(), THREAD_POST, { postId });
  await registered(1);
  // Later than anything this post's group delivered so far (an earlier test shares it).
  const latest = changes.find((change) => change.post.id === created[10]!.post.id)!;
  const newer = { ...latest, version: latest.version + 10 };
  const older = { post: { ...latest.post, score: 0, upvotes: 0 }, version: latest.version + 5 };
  const { pubsub } = t.server.app.services;
  pubsub.publish('post:updated', newer);
  pubsub.publish('post:updated', older);
  pubsub.publish('post:updated', { ...latest, version: latest.version + 20 });
  const got = await thread.until(2);
  expect(got.map((r) => r.data.postUpdated)).toEqual([
    expect.objectContaining({ id: postId, score: 1 }),
    expect.objectContaining({ id: postId, score: 1 }),
  ]);
  expect(thread.results).toHaveLength(2);
});
