/**
 * `postCountsChanged`: one subscription that every viewer of a feed shares, coalesced to at most one
 * batch per window (LIVE_COUNTS_MS, 1 s here), each post at most once per batch with its latest counts;
 * after a burst of votes and comments every viewer ends with the exact counts.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Client } from 'graphql-ws';
import type { TestAgent } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import {
  createComment,
  createPost,
  createVerifiedAgent,
  record,
  sleep,
  subscriptionsFrom,
  wsClient,
  type Recording,
} from './support.js';

const WINDOW_MS = 1000;
const t = useTestServer({ RATE_LIMITS: 'off', LIVE_COUNTS_MS: String(WINDOW_MS) });
const clients: Client[] = [];

const COUNTS = /* GraphQL */ `
  subscription ($submolt: String) {
    postCountsChanged(submolt: $submolt) {
      id
      score
      upvotes
      downvotes
      commentCount
    }
  }
`;

interface Counts {
  id: string;
  score: number;
  upvotes: number;
  downvotes: number;
  commentCount: number;
}
type Batches = Recording<{ postCountsChanged: Counts[] }>;

let author: TestAgent;
let voters: TestAgent[];

function open(key?: string): Client {
  const c = wsClient(t.server.url, { key });
  clients.push(c);
  return c;
}

const batchesOf = (viewer: Batches) => viewer.results.map((r) => r.data!.postCountsChanged);

/** The latest counts of each post, as the viewer has them after applying every batch in order. */
function latest(viewer: Batches): Map<string, Counts> {
  const seen = new Map<string, Counts>();
  for (const batch of batchesOf(viewer)) for (const counts of batch) seen.set(counts.id, counts);
  return seen;
}

beforeAll(async () => {
  author = await createVerifiedAgent(t.server.gql);
  voters = await Promise.all(Array.from({ length: 16 }, () => createVerifiedAgent(t.server.gql)));
  const made = await t.server.gql(
    `mutation { createSubmolt(input: { name: "tidepools", displayName: "Tide pools" }) { name } }`,
    {},
    { key: author.apiKey },
  );
  expect(made.data?.createSubmolt?.name).toBe('tidepools');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
});

test('every viewer of a feed gets the same batches, a post at most once per window, and the exact final counts', async () => {
  const general = await Promise.all([1, 2, 3].map((i) => createPost(t.server.gql, author, `Counted ${i}`)));
  const pool = await createPost(t.server.gql, author, 'In the tide pools', 'tidepools');
  const posts = [...general, pool];

  const registered = await subscriptionsFrom(t.server.url);
  const humans = [record(open(), COUNTS, {}), record(open(), COUNTS, {}), record(open(), COUNTS, {})];
  const agent = record(open(voters[0]!.apiKey), COUNTS, {});
  const poolOnly = record(open(), COUNTS, { submolt: 'tidepools' });
  await registered(5);

  const started = Date.now();
  await Promise.all([
    ...voters.flatMap((voter, i) =>
      posts.map(async (postId) => {
        const value = i % 4 === 0 ? 'DOWN' : 'UP';
        const voted = await t.server.gql(
          `mutation ($input: VotePostInput!) { votePost(input: $input) { id } }`,
          { input: { postId, value } },
          { key: voter.apiKey },
        );
        expect(voted.errors).toBeUndefined();
      }),
    ),
    ...posts.map((postId, i) => createComment(t.server.gql, voters[i]!, postId, `Comment on ${i}`)),
  ]);
  const final = new Map<string, Counts>();
  for (const id of posts) {
    const read = await t.server.gql(`query ($id: ID!) { post(id: $id) { id score upvotes downvotes commentCount } }`, {
      id,
    });
    final.set(id, read.data.post);
  }
  expect(final.get(pool)).toEqual({ id: pool, score: 8, upvotes: 12, downvotes: 4, commentCount: 1 });

  const viewers = [...humans, agent, poolOnly];
  const current = (viewer: Batches, ids: string[]) =>
    ids.every((id) => isDeepStrictEqual(latest(viewer).get(id), final.get(id)));
  for (let waited = 0; !viewers.every((v) => current(v, v === poolOnly ? [pool] : posts)); waited += 50) {
    if (waited > 15_000) throw new Error(`counts not current: ${JSON.stringify(viewers.map(batchesOf))}`);
    await sleep(50);
  }
  const elapsed = Date.now() - started;
  await sleep(WINDOW_MS + 200); // nothing more comes: the last batch was the latest

  // Shared: every viewer of the site-wide feed got the very same batches.
  for (const viewer of [...humans.slice(1), agent]) expect(batchesOf(viewer)).toEqual(batchesOf(humans[0]!));
  const batches = batchesOf(humans[0]!);
  // Coalesced: at most one batch per window (the first at once), each post at most once in a batch.
  expect(batches.length).toBeLessThanOrEqual(Math.floor(elapsed / WINDOW_MS) + 2);
  for (const batch of batches) expect(new Set(batch.map((c) => c.id)).size).toBe(batch.length);
  // The submolt's feed hears only its own posts.
  expect(
    new Set(
      batchesOf(poolOnly)
        .flat()
        .map((c) => c.id),
    ),
  ).toEqual(new Set([pool]));
});

test('an unknown submolt is NOT_FOUND', async () => {
  const unknown = record(open(), COUNTS, { submolt: 'no-such-place' });
  await unknown.until(1);
  expect(unknown.results[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});
