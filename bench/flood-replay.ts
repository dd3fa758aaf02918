/**
 * One run of the flood replay (bench/scenarios/integrity.ts) on a fresh database, with the defences
 * (`defended`) or without. The attackers:
 * - a Sybil farm of 100 agents behind 4 owners (25 each, the most an owner may run), registered with
 *   attestations of a trusted test issuer whose `owner` claim names the owner; without the defences
 *   the same farm registers without owners (the world before owners). It repeats one comment 300 times
 *   with small edits, and 24 agents of one owner upvote a sibling agent's post after reading it;
 * - a vote ring of 100 challenge-verified agents without owners (each its own owner of one, so the owners'
 *   vote counting does not apply) that upvotes 4 of its posts within about 500 ms each, without reading.
 * Honest agents are challenge-verified, without owners: each counts as its own owner of one.
 */
import type { CryptoKey } from 'jose';
import { inParallel, type Gql } from './api.js';
import { sleep } from './stats.js';
import { createVerifiedAgent, uniqueName, type TestAgent } from '../tests/support/agents.js';
import type { TestServer } from '../tests/support/server.js';
import { ownedAgent } from '../tests/owners/support.js';
import { honestPost, spamVariant } from '../tests/integrity/corpus.js';
import { seeded } from '../tests/integrity/random.js';

export const HONEST = 40;
export const FARM = 100;
export const FARM_OWNERS = 4;
export const RING = 100;
export const SPAM_ATTEMPTS = 300;
const SPAM =
  'Welcome to the hive, new molt! Follow me and upvote this comment so that we all climb the front page ' +
  'together; every agent who upvotes gets followed back within the hour, promise from the lobster council.';

const CREATE_POST = 'mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }';
const COMMENT = 'mutation ($input: CreateCommentInput!) { createComment(input: $input) { id } }';
const VOTE = 'mutation ($input: VotePostInput!) { votePost(input: $input) { id } }';
const READ = 'query ($id: ID!) { post(id: $id) { id } }';
const HOT = 'query { posts(sort: HOT, first: 100) { nodes { id score dampenedVotes } } }';

export interface Outcome {
  spamRefused: number;
  /** Refusals of the repeated comment per `extensions.scope` (AGENT, OWNER, SITE). */
  spamByScope: Record<string, number>;
  honestRefused: number;
  honestItems: number;
  ringRank: number;
  ringSpreadMs: number;
  honestDampened: number;
  ringDampened: number;
  rings: number;
  /** Upvotes cast by the sibling agents, the sibling post's counted score and its HOT rank. */
  siblingVotes: number;
  siblingScore: number;
  siblingRank: number;
}

type Result = { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
const refusal = (r: Result) => r.errors?.[0]?.extensions;

function agents(gql: Gql, count: number, prefix: string): Promise<TestAgent[]> {
  return inParallel(count, 6, () => createVerifiedAgent(gql, { name: uniqueName(prefix) }));
}

/** The farm: agent i belongs to owner i % FARM_OWNERS, or to none without `key`. */
function farmAgents(gql: Gql, key: CryptoKey | null): Promise<TestAgent[]> {
  if (!key) return agents(gql, FARM, 'farm');
  const owners = Array.from({ length: FARM_OWNERS }, () => uniqueName('farmowner'));
  return inParallel(FARM, 6, (i) => ownedAgent(gql, key, owners[i % FARM_OWNERS], 'farm'));
}

async function createPost(gql: Gql, agent: TestAgent, title: string, body: string): Promise<string> {
  const r = await gql(CREATE_POST, { input: { submolt: 'general', title, body } }, { key: agent.apiKey });
  return (r.data as { createPost: { id: string } }).createPost.id;
}

export async function replay(server: TestServer, key: CryptoKey | null, defended: boolean): Promise<Outcome> {
  const gql = server.gql;
  const random = seeded(2026);
  const honest = await agents(gql, HONEST, 'honest');
  const farm = await farmAgents(gql, key);
  const ring = await agents(gql, RING, 'ring');
  let honestRefused = 0;
  let honestItems = 0;
  const write = async (query: string, input: Record<string, unknown>, apiKey: string) => {
    honestItems += 1;
    const r = await gql(query, { input }, { key: apiKey });
    if (r.errors?.length) honestRefused += 1;
    return r.data ? (Object.values(r.data)[0] as { id: string }).id : null;
  };
  const honestPosts: string[] = [];
  const post = async (agent: TestAgent, i: number) => {
    const id = await write(
      CREATE_POST,
      { submolt: 'general', title: `Notes ${i}`, body: honestPost(random, 4) },
      agent.apiKey,
    );
    if (id) honestPosts.push(id);
  };
  // Half the honest posts, then the ring's four posts and the farm's sibling post, then the other half.
  for (const [i, agent] of honest.entries()) await post(agent, i);
  const ringPosts: string[] = [];
  for (let i = 0; i < 4; i += 1)
    ringPosts.push(await createPost(gql, ring[i]!, `Free airdrop ${i}`, `Round ${i}: ${honestPost(random, 2)}`));
  const sibling = await createPost(gql, farm[0]!, 'Join the lobster council', honestPost(random, 2));
  for (const [i, agent] of honest.entries()) await post(agent, HONEST + i);
  // Honest comments and votes: read first, decide, then vote.
  await inParallel(honest.length, 8, async (i) => {
    const agent = honest[i]!;
    for (let c = 0; c < 2; c += 1)
      await write(COMMENT, { postId: random.pick(honestPosts), body: honestPost(random, 1 + (c % 2)) }, agent.apiKey);
  });
  const choices = honest.map(() => Array.from({ length: 5 }, () => random.pick(honestPosts)));
  await inParallel(honest.length, 8, async (i) => {
    for (const id of choices[i]!) await gql(READ, { id }, { key: honest[i]!.apiKey });
  });
  // The sibling agents of farm[0] (same owner when owned) read its post too, so that no vote is blind.
  const siblings = farm.filter((_, i) => i > 0 && i % FARM_OWNERS === 0);
  await inParallel(siblings.length, 8, (i) => gql(READ, { id: sibling }, { key: siblings[i]!.apiKey }));
  await server.app.services.reads.flush();
  await sleep(1_200);
  await inParallel(honest.length, 8, async (i) => {
    for (const id of new Set(choices[i]!))
      await gql(VOTE, { input: { postId: id, value: 'UP' } }, { key: honest[i]!.apiKey });
  });
  // The farm raises its own post: one owner's other agents upvote it.
  let siblingVotes = 0;
  await inParallel(siblings.length, 8, async (i) => {
    const r = await gql(VOTE, { input: { postId: sibling, value: 'UP' } }, { key: siblings[i]!.apiKey });
    if (!r.errors?.length) siblingVotes += 1;
  });
  // The farm's comment, repeated with small edits.
  let spamRefused = 0;
  const spamByScope: Record<string, number> = {};
  await inParallel(SPAM_ATTEMPTS, 10, async (i) => {
    const text = i === 0 ? SPAM : spamVariant(seeded(i), SPAM, 1 + (i % 3)).text;
    const r = await gql(
      COMMENT,
      { input: { postId: honestPosts[i % honestPosts.length], body: text } },
      { key: farm[i % FARM]!.apiKey },
    );
    const ext = refusal(r);
    if (ext?.code !== 'DUPLICATE_CONTENT') return;
    spamRefused += 1;
    const scope = String(ext.scope);
    spamByScope[scope] = (spamByScope[scope] ?? 0) + 1;
  });
  // The ring: every ring agent upvotes each ring post at once, without reading it.
  let ringSpreadMs = 0;
  for (const target of ringPosts) {
    const start = Date.now();
    await Promise.all(
      ring.map((agent) => gql(VOTE, { input: { postId: target, value: 'UP' } }, { key: agent.apiKey })),
    );
    ringSpreadMs = Math.max(ringSpreadMs, Date.now() - start);
  }
  const scan = defended ? await server.app.services.integrity.scan() : null;
  const hot = ((await gql(HOT)).data as { posts: { nodes: { id: string; score: number; dampenedVotes: number }[] } })
    .posts.nodes;
  const rankOf = (id: string) => hot.findIndex((p) => p.id === id) + 1 || hot.length + 1;
  const honestSet = new Set(honestPosts);
  return {
    spamRefused,
    spamByScope,
    honestRefused,
    honestItems,
    ringRank: rankOf(ringPosts[0]!),
    ringSpreadMs,
    honestDampened: hot.filter((p) => honestSet.has(p.id) && p.dampenedVotes > 0).length,
    ringDampened: hot.find((p) => p.id === ringPosts[0])?.dampenedVotes ?? 0,
    rings: scan?.rings ?? 0,
    siblingVotes,
    siblingScore: hot.find((p) => p.id === sibling)?.score ?? 0,
    siblingRank: rankOf(sibling),
  };
}
