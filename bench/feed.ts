/** The feed query on MoltBook (PostgreSQL) against a minimal yoga server answering the same shape from memory. */
import type { TestAgent } from '../tests/support/agents.js';
import type { Gql } from './api.js';
import { load, type LoadResult } from './load.js';
import { startChild, type Child } from './processes.js';
import { fmt } from './stats.js';

export const FEED_QUERY = /* GraphQL */ `
  query Feed {
    posts(sort: HOT, first: 25) {
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
    }
  }
`;

const CONCURRENCY = 32;

async function measure(url: string, durationMs: number): Promise<LoadResult> {
  const body = JSON.stringify({ query: FEED_QUERY });
  const check = (text: string) => text.startsWith('{"data":{"posts":{"edges":[{');
  await load(`${url}/graphql`, body, { concurrency: CONCURRENCY, durationMs: Math.min(3000, durationMs), check });
  return load(`${url}/graphql`, body, { concurrency: CONCURRENCY, durationMs, check });
}

export async function feedBench(server: Child, gql: Gql, author: TestAgent, durationMs: number): Promise<void> {
  console.log(`## Feed query: posts(sort: HOT, first: 25) with authors and counts, ${CONCURRENCY} connections\n`);
  const count = await gql(`{ posts(first: 25) { edges { cursor } } }`);
  for (let i = count.data?.posts?.edges?.length ?? 0; i < 120; i += 1) {
    const made = await gql(
      `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`,
      { input: { submolt: 'general', title: `Feed post ${i}`, body: 'Some text.' } },
      { key: author.apiKey },
    );
    if (!made.data?.createPost) throw new Error(`seeding failed: ${JSON.stringify(made.errors)}`);
  }
  const moltbook = await measure(server.url, durationMs);
  const baseline: Child = await startChild('bench/feed-server.ts', {});
  let memory: LoadResult;
  try {
    memory = await measure(baseline.url, durationMs);
  } finally {
    await baseline.stop();
  }
  console.log('| | requests | errors | req/s | p50 ms | p99 ms |');
  console.log('|---|---|---|---|---|---|');
  for (const [label, r] of [
    ['MoltBook (PostgreSQL, full plugin pipeline)', moltbook],
    ['minimal yoga, same shape from memory', memory],
  ] as const) {
    console.log(
      `| ${label} | ${fmt(r.requests)} | ${fmt(r.errors)} | ${fmt(r.perSecond)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} |`,
    );
  }
  console.log(`\nFeed ratio MoltBook / in-memory yoga: **${fmt(moltbook.perSecond / memory.perSecond, 2)}x**\n`);
}
