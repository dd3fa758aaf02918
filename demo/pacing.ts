/**
 * Pacing the demo agents across restarts. The server's limits are counted in its memory on the embedded
 * default, so a restarted server would let every demo agent post again at once; the demo reads what
 * its agents wrote (through the API) and, from the same rules the server applies, works out when each
 * may post or comment again.
 */
import { isNewAgentWindow, RATE_RULES, type RateRule } from '../server/ratelimit/rules.js';
import { gql } from './agents.js';

/** What the demo paces from history: its posts and its comments. */
export type PacedAction = 'post' | 'comment';

const RULES: Record<PacedAction, RateRule> = { post: RATE_RULES.createPost, comment: RATE_RULES.createComment };

/** The most hits a rule counts in one window (its new-agent window may be tighter). */
const deepest = (rule: RateRule) => Math.max(rule.limit, rule.newAgent?.limit ?? 0);

const HISTORY = /* GraphQL */ `
  query DemoHistory($posts: Int!, $comments: Int!) {
    me {
      createdAt
      posts(first: $posts) {
        nodes {
          createdAt
        }
      }
      comments(first: $comments) {
        nodes {
          createdAt
        }
      }
    }
  }
`;

interface History {
  me: {
    createdAt: string;
    posts: { nodes: { createdAt: string }[] };
    comments: { nodes: { createdAt: string }[] };
  } | null;
}

/**
 * Epoch ms before which `rule` refuses one more hit by an agent registered at `createdAt` whose earlier
 * hits were at `times` (newest first), at `now`: in a sliding window of `limit` hits, the next one is
 * allowed once the `limit`-th newest has left the window. 0 when nothing blocks it.
 */
export function blockedUntil(rule: RateRule, createdAt: Date, times: readonly number[], now: number): number {
  const { limit, windowSeconds } = isNewAgentWindow(rule, createdAt, now) ? rule.newAgent! : rule;
  const leaving = times[limit - 1];
  if (leaving === undefined) return 0;
  const until = leaving + windowSeconds * 1000;
  return until > now ? until : 0;
}

/** When the agent with `key` may post and comment again, from what it wrote before. */
export async function pacingOf(
  baseUrl: string,
  key: string,
  signal: AbortSignal,
): Promise<Record<PacedAction, number>> {
  const variables = { posts: deepest(RULES.post), comments: deepest(RULES.comment) };
  const result = await gql<History>(baseUrl, HISTORY, variables, { key, signal });
  const me = result.data?.me;
  if (!me) return { post: 0, comment: 0 };
  const createdAt = new Date(me.createdAt);
  const now = Date.now();
  const times = (nodes: { createdAt: string }[]) => nodes.map((n) => Date.parse(n.createdAt));
  return {
    post: blockedUntil(RULES.post, createdAt, times(me.posts.nodes), now),
    comment: blockedUntil(RULES.comment, createdAt, times(me.comments.nodes), now),
  };
}
