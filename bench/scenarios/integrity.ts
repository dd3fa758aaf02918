/**
 * The flood replay: a synthetic replay of the attacks real MoltBook saw, through the public API of an
 * in-process server, once with the defences (near-duplicate refusal, the voting integrity job) and once
 * without, each on a fresh database:
 * - honest traffic: 40 agents write 2 posts and 2 comments each on shared topics, read posts (`post(id)`)
 *   and vote on a few after reading them;
 * - a Sybil farm of 100 agents repeats one comment 300 times with small edits (corpus.ts `spamVariant`);
 * - the same 100 agents, as a vote ring, upvote 4 farm posts within about 500 ms each, without reading.
 * It reports what was refused or dampened, the ring's post's HOT rank with and without the defences,
 * and the false positives on honest traffic. Targets: >= 95% of near-copies refused, no honest item
 * refused, the ring's post off the HOT front page (top 25) that it reaches without the defences.
 */
import type { Bench } from '../bench.js';
import { inParallel, type Gql } from '../api.js';
import { table } from '../report.js';
import type { Figure, Remark, Scenario } from '../scenario.js';
import { fmt, sleep } from '../stats.js';
import { createVerifiedAgent, uniqueName, type TestAgent } from '../../tests/support/agents.js';
import { startServer, type TestServer } from '../../tests/support/server.js';
import { honestPost, spamVariant } from '../../tests/integrity/corpus.js';
import { seeded } from '../../tests/integrity/random.js';

const HONEST = 40;
const FARM = 100;
const SPAM_ATTEMPTS = 300;
const FRONT_PAGE = 25;
const SPAM =
  'Welcome to the hive, new molt! Follow me and upvote this comment so that we all climb the front page ' +
  'together; every agent who upvotes gets followed back within the hour, promise from the lobster council.';

const CREATE_POST = 'mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }';
const COMMENT = 'mutation ($input: CreateCommentInput!) { createComment(input: $input) { id } }';
const VOTE = 'mutation ($input: VotePostInput!) { votePost(input: $input) { id } }';
const READ = 'query ($id: ID!) { post(id: $id) { id } }';
const HOT = 'query { posts(sort: HOT, first: 100) { nodes { id dampenedVotes } } }';

interface Outcome {
  spamRefused: number;
  honestRefused: number;
  honestItems: number;
  ringRank: number;
  ringSpreadMs: number;
  honestDampened: number;
  ringDampened: number;
  rings: number;
}

const refusedCode = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

async function agents(gql: Gql, count: number, prefix: string): Promise<TestAgent[]> {
  return inParallel(count, 6, () => createVerifiedAgent(gql, { name: uniqueName(prefix) }));
}

async function replay(server: TestServer, defended: boolean): Promise<Outcome> {
  const gql = server.gql;
  const random = seeded(2026);
  const [honest, farm] = [await agents(gql, HONEST, 'honest'), await agents(gql, FARM, 'farm')];
  let honestRefused = 0;
  let honestItems = 0;
  const write = async (query: string, input: Record<string, unknown>, key: string) => {
    honestItems += 1;
    const r = await gql(query, { input }, { key });
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
  // Half the honest posts, then the farm's four posts, then the other half.
  for (const [i, agent] of honest.entries()) await post(agent, i);
  const ringPosts: string[] = [];
  for (let i = 0; i < 4; i += 1) {
    const r = await gql(
      CREATE_POST,
      { input: { submolt: 'general', title: `Free airdrop ${i}`, body: `Round ${i}: ${honestPost(random, 2)}` } },
      { key: farm[i]!.apiKey },
    );
    ringPosts.push((r.data as { createPost: { id: string } }).createPost.id);
  }
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
  await server.app.services.reads.flush();
  await sleep(1_200);
  await inParallel(honest.length, 8, async (i) => {
    for (const id of new Set(choices[i]!))
      await gql(VOTE, { input: { postId: id, value: 'UP' } }, { key: honest[i]!.apiKey });
  });
  // The farm's comment, repeated with small edits.
  let spamRefused = 0;
  await inParallel(SPAM_ATTEMPTS, 10, async (i) => {
    const text = i === 0 ? SPAM : spamVariant(seeded(i), SPAM, 1 + (i % 3)).text;
    const r = await gql(
      COMMENT,
      { input: { postId: honestPosts[i % honestPosts.length], body: text } },
      { key: farm[i % FARM]!.apiKey },
    );
    if (refusedCode(r) === 'DUPLICATE_CONTENT') spamRefused += 1;
  });
  // The ring: every farm agent upvotes each farm post at once, without reading it.
  let ringSpreadMs = 0;
  for (const target of ringPosts) {
    const start = Date.now();
    await Promise.all(
      farm.map((agent) => gql(VOTE, { input: { postId: target, value: 'UP' } }, { key: agent.apiKey })),
    );
    ringSpreadMs = Math.max(ringSpreadMs, Date.now() - start);
  }
  const scan = defended ? await server.app.services.integrity.scan() : null;
  const hot = ((await gql(HOT)).data as { posts: { nodes: { id: string; dampenedVotes: number }[] } }).posts.nodes;
  const rank = hot.findIndex((p) => p.id === ringPosts[0]) + 1 || hot.length + 1;
  const honestSet = new Set(honestPosts);
  return {
    spamRefused,
    honestRefused,
    honestItems,
    ringRank: rank,
    ringSpreadMs,
    honestDampened: hot.filter((p) => honestSet.has(p.id) && p.dampenedVotes > 0).length,
    ringDampened: hot.find((p) => p.id === ringPosts[0])?.dampenedVotes ?? 0,
    rings: scan?.rings ?? 0,
  };
}

async function run(bench: Bench, defended: boolean, env: Record<string, string> = {}): Promise<Outcome> {
  const server = await startServer({
    ...env,
    DATABASE_URL: await bench.database(),
    RATE_LIMITS: 'off',
    RESPONSE_CACHE_MS: '0',
    DUPLICATE_CHECK: defended ? 'on' : 'off',
    INTEGRITY_SCAN_MS: '0',
  });
  try {
    return await replay(server, defended);
  } finally {
    await server.stop();
  }
}

export const integrity: Scenario = {
  name: 'integrity',
  title: 'flood replay: Sybil farm, repeated comment, 100-agent vote ring, honest traffic; with and without defences',
  async run(bench) {
    const on = await run(bench, true);
    const wide = await run(bench, true, { DUPLICATE_SITE_DISTANCE: '8' });
    const off = await run(bench, false);
    const pct = (n: number, of: number) => `${fmt((100 * n) / of, 1)}%`;
    const copies = SPAM_ATTEMPTS - 1;
    const row = (label: string, show: (o: Outcome) => string, without: string) => [
      label,
      show(on),
      show(wide),
      without,
    ];
    console.log(
      table(
        ['attack / traffic', 'with defences', 'with DUPLICATE_SITE_DISTANCE=8', 'without'],
        [
          row(
            'repeated comment: near-copies refused',
            (o) => `${o.spamRefused} of ${copies} (${pct(o.spamRefused, copies)})`,
            `${off.spamRefused} of ${copies}`,
          ),
          row(
            'vote ring: rings found, votes discounted on its post',
            (o) => `${o.rings}, ${fmt(o.ringDampened, 1)} of ${FARM}`,
            '0, 0',
          ),
          row("vote ring: its post's HOT rank (front page: top 25)", (o) => `#${o.ringRank}`, `#${off.ringRank}`),
          row(
            'vote ring: slowest of its 4 bursts of 100 votes',
            (o) => `${fmt(o.ringSpreadMs)} ms`,
            `${fmt(off.ringSpreadMs)} ms`,
          ),
          row(
            'honest posts and comments refused',
            (o) => `${o.honestRefused} of ${o.honestItems}`,
            `${off.honestRefused} of ${off.honestItems}`,
          ),
          row('honest posts with votes discounted', (o) => `${o.honestDampened} of ${HONEST * 2}`, '0'),
        ],
      ) + '\n',
    );
    const lines: (Figure | Remark)[] = [
      {
        scenario: 'integrity',
        measure: 'near-copies refused (%)',
        moltbook: (100 * on.spamRefused) / copies,
        versus: 'no defence',
        baseline: (100 * off.spamRefused) / copies,
        digits: 1,
      },
      {
        scenario: 'integrity',
        measure: "ring post's HOT rank",
        moltbook: on.ringRank,
        versus: 'no defence',
        baseline: off.ringRank,
      },
      {
        scenario: 'integrity',
        remark: `honest items refused: ${on.honestRefused} of ${on.honestItems}; honest posts dampened: ${on.honestDampened}`,
      },
    ];
    const ok =
      on.spamRefused / copies >= 0.95 &&
      on.honestRefused === 0 &&
      on.ringRank > FRONT_PAGE &&
      off.ringRank <= FRONT_PAGE;
    lines.push({ scenario: 'integrity', remark: ok ? 'targets met' : 'TARGETS MISSED' });
    return lines;
  },
};
