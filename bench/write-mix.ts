/**
 * The write mix of the `writes` scenario: a deterministic sequence of operations (5% posts, 95% votes),
 * each as an API request and as the same statement in raw SQL, and the check of the counters.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { TestAgent } from '../tests/support/agents.js';
import type { Prisma } from '../server/infra/db.js';
import { createPostSql } from '../server/content/posts.js';
import { postVoteSql } from '../server/content/votes.js';
import { auditInsertSql } from '../server/write/audit-log.js';
import type { HttpRequest } from './http-load.js';
import { distinctWords } from './api.js';

export const POST_SHARE = 0.05;

export type Op =
  { kind: 'post'; agent: number; title: string } | { kind: 'vote'; agent: number; target: number; value: 1 | -1 };

/**
 * The operations of round `seed` by `agents` agents on `targets` posts, the same for both sides (a small
 * deterministic PRNG, mulberry32); endless, the caller takes as many as it needs.
 */
export function* operations(seed: number, agents: number, targets: number): Generator<Op, never> {
  let state = seed * 0x9e3779b9;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  for (let i = 0; ; i += 1) {
    const agent = Math.floor(random() * agents);
    if (random() < POST_SHARE) yield { kind: 'post', agent, title: `Mixed post: ${distinctWords(seed * 100_000 + i)}` };
    else yield { kind: 'vote', agent, target: Math.floor(random() * targets), value: random() < 0.7 ? 1 : -1 };
  }
}

/** The row id inside a global id (`base64("Post:<uuid>")`). */
export const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;

const BODY = 'Mixed text.';
const POST_MUTATION = `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`;
const VOTE_MUTATION = `mutation ($input: VotePostInput!) { votePost(input: $input) { id } }`;

/** `op` as an API request; `targets` are global post ids. */
export function apiRequest(op: Op, agents: TestAgent[], targets: string[]): HttpRequest {
  const [query, input] =
    op.kind === 'post'
      ? [POST_MUTATION, { submolt: 'general', title: op.title, body: BODY }]
      : [VOTE_MUTATION, { postId: targets[op.target], value: op.value === 1 ? 'UP' : 'DOWN' }];
  return {
    headers: { authorization: `Bearer ${agents[op.agent]!.apiKey}` },
    body: JSON.stringify({ query, variables: { input } }),
  };
}

/** `op` as the statement the API runs for it, its audit entry included; `agents` and `targets` are row ids. */
export function sqlStatement(op: Op, agents: string[], targets: string[]): Prisma.Sql {
  const agentId = agents[op.agent]!;
  const entry = { agentId, clientAddress: '127.0.0.1', outcome: 'ok' as const, detail: { requestId: randomUUID() } };
  return op.kind === 'post'
    ? createPostSql(
        { agentId, submoltName: 'general', title: op.title, body: BODY, url: null, createdAt: new Date() },
        (when) => auditInsertSql({ ...entry, operation: 'createPost' }, when),
      )
    : postVoteSql(agentId, targets[op.target]!, op.value, (when) =>
        auditInsertSql({ ...entry, operation: 'votePost' }, when),
      );
}

/** Posts among `postIds` (row ids) whose counters differ from the votes recorded for them. */
export async function wrongCounters(db: pg.Pool, postIds: string[]): Promise<number> {
  const { rows } = await db.query<{ wrong: string }>(
    `SELECT count(*) AS wrong FROM (
       SELECT p.upvotes, p.downvotes, p.score,
              count(v.*) FILTER (WHERE v.value = 1) AS up, count(v.*) FILTER (WHERE v.value = -1) AS down
         FROM posts p LEFT JOIN post_votes v ON v.post_id = p.id
        WHERE p.id = ANY($1::uuid[]) GROUP BY p.id) AS t
      WHERE upvotes <> up OR downvotes <> down OR score <> up - down`,
    [postIds],
  );
  return Number(rows[0]!.wrong);
}
