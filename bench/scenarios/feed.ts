/**
 * The anonymous HOT feed, `posts(sort: HOT, first: 25)` with authors and submolts, on MoltBook
 * (PostgreSQL) against a minimal yoga server answering the same posts from memory: without the response
 * cache (each request asks to bypass it) and with it (the identical anonymous request again and again).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPost, inParallel } from '../api.js';
import type { Bench } from '../bench.js';
import { cacheHits, describeCacheHits, NO_CACHE_HEADERS } from '../cache.js';
import { compareHttp, CONNECTIONS } from '../http-compare.js';
import type { Scenario } from '../scenario.js';
import { fmt } from '../stats.js';

const POSTS = 200;
const AUTHORS = 10;
const SUBMOLTS = 5;

const FIELDS = /* GraphQL */ `
  edges {
    cursor
    node {
      id
      title
      score
      commentCount
      createdAt
      author {
        name
      }
      submolt {
        name
      }
    }
  }
  pageInfo {
    hasNextPage
    endCursor
  }
`;
export const FEED_QUERY = `query Feed { posts(sort: HOT, first: 25) { ${FIELDS} } }`;
const ALL_QUERY = `query All($after: String) { posts(sort: HOT, first: 100, after: $after) { ${FIELDS} } }`;

interface FeedPage {
  posts: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** The seeded feed, once per run: the file of MoltBook's HOT feed edges that the baseline serves. */
const seeded = new WeakMap<Bench, Promise<string>>();

/** POSTS posts by AUTHORS agents across SUBMOLTS submolts (`general` and new ones), then a snapshot. */
async function seed(bench: Bench): Promise<string> {
  const { gql } = await bench.moltbook();
  const authors = await bench.agents(AUTHORS);
  const submolts = ['general'];
  for (let i = 1; i < SUBMOLTS; i += 1) {
    const name = `bench-${randomBytes(4).toString('hex')}-${i}`;
    const made = await gql(
      `mutation ($input: CreateSubmoltInput!) { createSubmolt(input: $input) { name } }`,
      { input: { name, displayName: `Bench ${i}` } },
      { key: authors[0]!.apiKey },
    );
    if (!made.data?.createSubmolt) throw new Error(`createSubmolt failed: ${JSON.stringify(made.errors)}`);
    submolts.push(name);
  }
  await inParallel(POSTS, 8, (i) =>
    createPost(gql, authors[i % AUTHORS]!.apiKey, submolts[i % SUBMOLTS]!, `Feed post number ${i}`),
  );
  const edges: unknown[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const answer: { data?: FeedPage } = await gql<FeedPage>(ALL_QUERY, { after });
    if (!answer.data) throw new Error('the feed snapshot failed');
    edges.push(...answer.data.posts.edges);
    after = answer.data.posts.pageInfo.endCursor;
    if (!answer.data.posts.pageInfo.hasNextPage) break;
  }
  const file = join(tmpdir(), `moltbook-bench-feed-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(edges));
  bench.defer(() => rm(file, { force: true }));
  console.log(`Seeded ${fmt(edges.length)} posts by ${AUTHORS} agents in ${SUBMOLTS} submolts.`);
  return file;
}

async function feedScenario(bench: Bench, scenario: string, cached: boolean) {
  if (!seeded.has(bench)) seeded.set(bench, seed(bench));
  const data = await seeded.get(bench)!;
  const { server } = await bench.moltbook();
  const baseline = await bench.start('bench/feed-server.ts', { FEED_DATA: data });
  try {
    const body = JSON.stringify({ query: FEED_QUERY, operationName: 'Feed' });
    const request = { body, headers: cached ? {} : NO_CACHE_HEADERS };
    const pages = await Promise.all(
      [server.url, baseline.url].map(async (url) =>
        (
          await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(30_000),
          })
        ).text(),
      ),
    );
    const requests = cached
      ? 'the identical anonymous request every time'
      : `every request with ${JSON.stringify(NO_CACHE_HEADERS)}`;
    const [mine, theirs] = pages.map((page) => fmt(Buffer.byteLength(page!)));
    const same = pages[0] === pages[1] ? 'identical' : 'DIFFERENT (the ratio is not like with like)';
    console.log(
      `${CONNECTIONS} connections, ${bench.options.seconds} s rounds; ${requests}. ` +
        `Page JSON: MoltBook ${mine} bytes, baseline ${theirs} bytes, ${same}.\n`,
    );
    const check = (text: string) => text.startsWith('{"data":{"posts":{"edges":[{');
    const { figures, moltbook, probes } = await compareHttp(
      scenario,
      { label: 'MoltBook (PostgreSQL, whole pipeline)', load: { url: `${server.url}/graphql`, request, check } },
      { label: 'minimal yoga, same posts from memory', load: { url: `${baseline.url}/graphql`, request, check } },
      bench.options,
      () => cacheHits(server.url),
    );
    const answers = moltbook.reduce((n, r) => n + r.answers, 0);
    const cache = describeCacheHits(probes[0] ?? null, probes[1] ?? null, answers);
    console.log(`Response cache: ${cache}.\n`);
    return [...figures, { scenario, remark: `response cache: ${cache}` }];
  } finally {
    await baseline.stop();
  }
}

export const feed: Scenario = {
  name: 'feed',
  title: 'anonymous HOT feed, 25 posts with authors and submolts, uncached, against in-memory yoga',
  run: (bench) => feedScenario(bench, 'feed', false),
};

export const feedCache: Scenario = {
  name: 'feed-cache',
  title: 'the same feed request repeated (what a response cache answers), against in-memory yoga',
  run: (bench) => feedScenario(bench, 'feed-cache', true),
};
