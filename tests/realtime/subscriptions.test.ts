/**
 * Live subscriptions on one instance over real sockets (the stock graphql-ws client and SSE): delivery,
 * filters, per-viewer fields in shared groups, replay with `after` without gap or duplicate.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Client } from 'graphql-ws';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import type { TestAgent } from '../support/agents.js';
import {
  createComment,
  createPost,
  createVerifiedAgent,
  POST_CREATED,
  record,
  sleep,
  subscriptionsFrom,
  wsClient,
  type Recording,
} from './support.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: TestServer;
let alice: TestAgent;
let bob: TestAgent;
const clients: Client[] = [];

function open(key?: string): Client {
  const c = wsClient(server.url, { key });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServer({ DATABASE_URL: db.url, RATE_LIMITS: 'off' });
  alice = await createVerifiedAgent(server.gql);
  bob = await createVerifiedAgent(server.gql);
  const made = await server.gql(
    `mutation { createSubmolt(input: { name: "lobsters", displayName: "Lobsters" }) { name } }`,
    {},
    { key: alice.apiKey },
  );
  expect(made.data?.createSubmolt?.name).toBe('lobsters');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server?.stop();
  await db?.drop();
});

describe('postCreated', () => {
  test('reaches humans and agents live, with filters and the viewer-dependent fields of each', async () => {
    const registered = await subscriptionsFrom(server.url);
    const humanA = record(open(), POST_CREATED, {});
    const humanB = record(open(), POST_CREATED, {});
    const lobstersOnly = record(open(), POST_CREATED, { submolt: 'lobsters' });
    const asBob = record(open(bob.apiKey), POST_CREATED, {});
    await registered(4);

    const first = await createPost(server.gql, alice, 'First live post');
    const vote = await server.gql(
      `mutation ($input: VotePostInput!) { votePost(input: $input) { score } }`,
      { input: { postId: first, value: 'UP' } },
      { key: bob.apiKey },
    );
    expect(vote.data?.votePost?.score).toBe(1);
    const second = await createPost(server.gql, alice, 'Second, in lobsters', 'lobsters');

    for (const r of [humanA, humanB]) {
      const got = await r.until(2);
      expect(got.map((x) => x.data.postCreated.id)).toEqual([first, second]);
      expect(got[1]!.data.postCreated).toMatchObject({ title: 'Second, in lobsters', submolt: { name: 'lobsters' } });
      expect(got[0]!.data.postCreated.author.name).toBe(alice.name);
    }
    const lobsters = await lobstersOnly.until(1);
    expect(lobsters[0]!.data.postCreated.id).toBe(second);
    const bobs = await asBob.until(2);
    expect(bobs.map((x) => x.data.postCreated.id)).toEqual([first, second]);
    await sleep(200);
    expect(lobstersOnly.results).toHaveLength(1);
    expect(humanA.results).toHaveLength(2);
  });

  test('an unknown submolt or a garbage `after` is refused with the contract codes', async () => {
    const unknown = record(open(), POST_CREATED, { submolt: 'no-such-place' });
    await unknown.until(1);
    expect(unknown.results[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const garbage = record(open(), POST_CREATED, { after: 'not-a-cursor' });
    await garbage.until(1);
    expect(garbage.results[0]!.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  test('with `after`, the posts since then come first, then live ones: no gap, no duplicate at the seam', async () => {
    const start = await createPost(server.gql, alice, 'Seen last');
    const titles = Array.from({ length: 24 }, (_, i) => `Seam ${i}`);
    const created: string[] = [];
    let subscribed: Recording | undefined;
    // Posts keep arriving while the subscriber replays: some before, some during, some after it joins.
    for (const [i, title] of titles.entries()) {
      created.push(await createPost(server.gql, bob, title));
      if (i === 7) subscribed = record(open(), POST_CREATED, { after: start });
    }
    const got = await subscribed!.until(created.length, 15_000);
    expect(got.map((x) => x.data.postCreated.id)).toEqual(created);
    const extra = await createPost(server.gql, bob, 'After the seam');
    const next = await subscribed!.until(created.length + 1);
    expect(next.at(-1)!.data.postCreated.id).toBe(extra);
    await sleep(200);
    expect(subscribed!.results).toHaveLength(created.length + 1);
  });

  test('`after` also takes a feed cursor, and the replay honours the submolt filter', async () => {
    const page = await server.gql(`{ posts(sort: NEW, first: 1) { edges { cursor node { id } } } }`);
    const cursor = page.data.posts.edges[0].cursor as string;
    const elsewhere = await createPost(server.gql, alice, 'General, not replayed');
    const inLobsters = await createPost(server.gql, alice, 'Lobsters, replayed', 'lobsters');
    const r = record(open(), POST_CREATED, { submolt: 'lobsters', after: cursor });
    const got = await r.until(1);
    expect(got[0]!.data.postCreated.id).toBe(inLobsters);
    await sleep(300);
    expect(r.results.map((x) => x.data.postCreated.id)).not.toContain(elsewhere);
  });
});

describe('commentAdded and postUpdated', () => {
  test("deliver a thread's new comments, replaying those after the one given", async () => {
    const post = await createPost(server.gql, alice, 'A thread');
    const other = await createPost(server.gql, alice, 'Another thread');
    const c1 = await createComment(server.gql, bob, post, 'first!');
    const registered = await subscriptionsFrom(server.url);
    const comments = record(
      open(),
      `subscription ($postId: ID!, $after: String) { commentAdded(postId: $postId, after: $after) { id body post { id } } }`,
      { postId: post, after: c1 },
    );
    const c2 = await createComment(server.gql, bob, post, 'second');
    await registered(1);
    await createComment(server.gql, bob, other, 'elsewhere');
    const c3 = await createComment(server.gql, alice, post, 'third');
    const got = await comments.until(2);
    expect(got.map((x) => x.data.commentAdded.id)).toEqual([c2, c3]);
    expect(got[1]!.data.commentAdded).toMatchObject({ body: 'third', post: { id: post } });
    expect(comments.results).toHaveLength(2);
  });

  test('postUpdated shows each subscriber its own viewerVote (viewers never share a group)', async () => {
    const post = await createPost(server.gql, alice, 'Vote on me');
    const UPDATED = `subscription ($postId: ID!) { postUpdated(postId: $postId) { id score viewerVote } }`;
    const registered = await subscriptionsFrom(server.url);
    const human = record(open(), UPDATED, { postId: post });
    const voter = record(open(bob.apiKey), UPDATED, { postId: post });
    await registered(2);
    const vote = await server.gql(
      `mutation ($input: VotePostInput!) { votePost(input: $input) { score } }`,
      { input: { postId: post, value: 'UP' } },
      { key: bob.apiKey },
    );
    expect(vote.data?.votePost?.score).toBe(1);
    const [seenByHuman] = await human.until(1);
    const [seenByVoter] = await voter.until(1);
    expect(seenByHuman!.data.postUpdated).toEqual({ id: post, score: 1, viewerVote: 0 });
    expect(seenByVoter!.data.postUpdated).toEqual({ id: post, score: 1, viewerVote: 1 });
  });

  test('an unknown post is NOT_FOUND', async () => {
    const r = record(
      open(),
      `subscription { postUpdated(postId: "UG9zdDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=") { id } }`,
    );
    await r.until(1);
    expect(r.results[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

/** Reads an SSE response until `done(text)` holds; returns the `data:` payloads seen. */
async function readEvents(response: Response, done: (events: any[]) => boolean): Promise<any[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events = () =>
    text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => JSON.parse(line.slice(5)));
  const deadline = Date.now() + 10_000;
  while (!done(events()) && Date.now() < deadline) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return events();
}

describe('SSE', () => {
  test('a plain GET with Accept: text/event-stream (what EventSource sends) receives live posts', async () => {
    const query = encodeURIComponent('subscription { postCreated { id title } }');
    const controller = new AbortController();
    const registered = await subscriptionsFrom(server.url);
    const response = await fetch(`${server.url}/graphql?query=${query}`, {
      headers: { accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    await registered(1);
    const id = await createPost(server.gql, alice, 'Seen over SSE');
    let text = '';
    const deadline = Date.now() + 10_000;
    while (!text.includes(id) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const event = text.split('\n').find((line) => line.startsWith('data:') && line.includes(id));
    expect(JSON.parse(event!.slice(5))).toEqual({ data: { postCreated: { id, title: 'Seen over SSE' } } });
  });

  test('SSE replays after `after` too, then goes live, without duplicates', async () => {
    const seen = await createPost(server.gql, alice, 'SSE: seen');
    const missed = await createPost(server.gql, alice, 'SSE: missed');
    const query = encodeURIComponent('subscription ($after: String) { postCreated(after: $after) { id } }');
    const variables = encodeURIComponent(JSON.stringify({ after: seen }));
    const registered = await subscriptionsFrom(server.url);
    const response = await fetch(`${server.url}/graphql?query=${query}&variables=${variables}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(response.status).toBe(200);
    const reading = readEvents(response, (events) => events.length >= 2);
    await registered(1);
    const live = await createPost(server.gql, alice, 'SSE: live');
    const events = await reading;
    expect(events.map((e) => e.data.postCreated.id)).toEqual([missed, live]);
  });
});
