/**
 * Votes per second through the API (counters checked exact afterwards) against the same vote statement
 * in raw SQL (upsert the vote, move the post's counters and rank and the author's karma by its delta),
 * sent straight through `pg`, with the same concurrency on the same database.
 */
import pg from 'pg';
import { postVoteSql } from '../server/content/votes.js';
import type { Gql } from './api.js';
import { verifiedAgents } from './api.js';
import type { Child } from './processes.js';
import { fmt } from './stats.js';

const VOTERS = 20;
const POSTS = 40;
const CONCURRENCY = 16;

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;
const valueOf = (voter: number, post: number) => ((voter + post) % 3 === 0 ? -1 : 1);

async function pool<T>(items: T[], run: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
  return (performance.now() - start) / 1000;
}

/** Checks every post's counters against the votes cast; returns the number of wrong posts. */
async function wrongCounters(db: pg.Pool, postIds: string[]): Promise<number> {
  const { rows } = await db.query<{
    id: string;
    upvotes: number;
    downvotes: number;
    score: number;
    up: string;
    down: string;
  }>(
    `SELECT p.id, p.upvotes, p.downvotes, p.score,
            count(*) FILTER (WHERE v.value = 1) AS up, count(*) FILTER (WHERE v.value = -1) AS down
       FROM posts p LEFT JOIN post_votes v ON v.post_id = p.id
      WHERE p.id = ANY($1::uuid[]) GROUP BY p.id`,
    [postIds],
  );
  let wrong = 0;
  for (const [j, id] of postIds.entries()) {
    const row = rows.find((r) => r.id === id);
    let up = 0;
    for (let i = 0; i < VOTERS; i += 1) if (valueOf(i, j) === 1) up += 1;
    const down = VOTERS - up;
    const exact =
      row &&
      row.upvotes === up &&
      row.downvotes === down &&
      row.score === up - down &&
      Number(row.up) === up &&
      Number(row.down) === down;
    if (!exact) wrong += 1;
  }
  return wrong;
}

export async function votesBench(server: Child, gql: Gql, databaseUrl: string): Promise<void> {
  console.log(`## Votes: ${VOTERS} agents x ${POSTS} posts, ${CONCURRENCY} at a time\n`);
  const [author, ...voters] = await verifiedAgents(gql, VOTERS + 1);
  const makePosts = async (label: string) => {
    const ids: string[] = [];
    for (let j = 0; j < POSTS; j += 1) {
      const made = await gql(
        `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`,
        { input: { submolt: 'general', title: `${label} ${j}`, body: 'Vote on me.' } },
        { key: author!.apiKey },
      );
      ids.push(made.data.createPost.id);
    }
    return ids;
  };
  const apiPosts = await makePosts('API vote target');
  const sqlPosts = await makePosts('SQL vote target');
  const pairs = (posts: string[]) => voters.flatMap((voter, i) => posts.map((post, j) => ({ voter, i, post, j })));

  const apiSeconds = await pool(pairs(apiPosts), async ({ voter, i, post, j }) => {
    const result = await gql(
      `mutation ($input: VotePostInput!) { votePost(input: $input) { id } }`,
      { input: { postId: post, value: valueOf(i, j) === 1 ? 'UP' : 'DOWN' } },
      { key: voter.apiKey },
    );
    if (!result.data?.votePost) throw new Error(`vote failed: ${JSON.stringify(result.errors)}`);
  });

  const db = new pg.Pool({ connectionString: databaseUrl, max: CONCURRENCY });
  const sqlSeconds = await pool(pairs(sqlPosts), async ({ voter, i, post, j }) => {
    const value = valueOf(i, j);
    const statement = postVoteSql(rawId(voter.id), rawId(post), value);
    await db.query(statement.text, statement.values);
  });
  const total = VOTERS * POSTS;
  const apiWrong = await wrongCounters(db, apiPosts.map(rawId));
  const sqlWrong = await wrongCounters(db, sqlPosts.map(rawId));
  await db.end();
  console.log('| | votes | votes/s | posts with wrong counters |');
  console.log('|---|---|---|---|');
  console.log(
    `| MoltBook votePost (API: HTTP, GraphQL, key lookup, audit) | ${fmt(total)} | ${fmt(total / apiSeconds)} | ${apiWrong} of ${POSTS} |`,
  );
  console.log(
    `| the same vote statement in raw SQL (pg, no HTTP) | ${fmt(total)} | ${fmt(total / sqlSeconds)} | ${sqlWrong} of ${POSTS} |`,
  );
  console.log(`\nVotes ratio API / raw SQL: **${fmt(sqlSeconds / apiSeconds, 2)}x**\n`);
}
