/**
 * Ranking formulas. Each has a TypeScript form (for a new row) and a SQL form (for the atomic
 * `UPDATE ... SET` of a vote or comment transaction, where the right-hand side sees the row as it was
 * before the update, so `score + delta` is the new score without a read-modify-write).
 *
 * - HOT (Reddit): `sign(s) * log10(max(|s|, 1)) + (createdAt - 2005-12-08T07:46:43Z) / 45000 s`. The time
 *   term is fixed at creation, so the rank only changes when a vote arrives; 10x the votes is worth
 *   12.5 hours of freshness.
 * - RISING: `(s + comments + 1) / (ageHours + 2)^1.5`, refreshed on every vote and comment.
 * - Both use the score less the post's `dampened_votes` (vote rings and blind votes, set by the integrity
 *   job); `score` itself stays the raw visible total.
 * - BEST (comments): the lower bound of the 95% Wilson score interval of the upvote share.
 */
import { Prisma } from '../infra/db.js';

/** Reddit's epoch for the hot formula (seconds since 1970). */
export const HOT_EPOCH_SECONDS = 1134028003;
/** Seconds of age worth one order of magnitude of score. */
export const HOT_DECAY_SECONDS = 45000;
const Z = 1.96;

/** The hot rank of a post with `score` created at `createdAt`. */
export function hotRank(score: number, createdAt: Date): number {
  const order = Math.log10(Math.max(Math.abs(score), 1));
  return Math.sign(score) * order + (createdAt.getTime() / 1000 - HOT_EPOCH_SECONDS) / HOT_DECAY_SECONDS;
}

/** The rising rank of a post with `score` and `comments`, `ageHours` old. */
export function risingRank(score: number, comments: number, ageHours: number): number {
  return (score + comments + 1) / Math.pow(Math.max(ageHours, 0) + 2, 1.5);
}

/** Wilson lower bound (95%) of `up` successes out of `up + down`; 0 without votes. */
export function wilsonLowerBound(up: number, down: number): number {
  const n = up + down;
  if (n === 0) return 0;
  const p = up / n;
  const z2 = Z * Z;
  return (p + z2 / (2 * n) - Z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)) / (1 + z2 / n);
}

/**
 * A change to a counter in the SQL forms below: a number, or SQL naming a column of another table in the
 * `UPDATE ... FROM` (e.g. the vote's computed delta).
 */
export type Delta = number | Prisma.Sql;

/** The votes the integrity job discounts (server/integrity/job.ts): ranks use `score - dampened_votes`. */
const DAMPENED = Prisma.sql`dampened_votes`;

/**
 * SQL for the new `hot_rank` of a post row whose score becomes `score + scoreDelta` (to be used in
 * `UPDATE posts SET ...`), less its `dampened` votes (default: the row's `dampened_votes`).
 */
export function hotRankSql(scoreDelta: Delta, dampened: Prisma.Sql = DAMPENED): Prisma.Sql {
  const s = Prisma.sql`(score + ${scoreDelta} - ${dampened})`;
  return Prisma.sql`sign(${s}) * log(greatest(abs(${s}), 1))
    + (extract(epoch from created_at) - ${HOT_EPOCH_SECONDS}) / ${HOT_DECAY_SECONDS}`;
}

/** SQL for the new `rising_rank` of a post row after the score and comment count deltas, less `dampened`. */
export function risingRankSql(scoreDelta: Delta, commentDelta: Delta, dampened: Prisma.Sql = DAMPENED): Prisma.Sql {
  return Prisma.sql`(score + ${scoreDelta} - ${dampened} + comment_count + ${commentDelta} + 1)::float8
    / power(greatest(extract(epoch from (now() - created_at)), 0) / 3600 + 2, 1.5)`;
}

/** SQL for the new `best_rank` of a comment row after the upvote and downvote deltas. */
export function wilsonSql(upDelta: Delta, downDelta: Delta): Prisma.Sql {
  const up = Prisma.sql`(upvotes + ${upDelta})::float8`;
  const n = Prisma.sql`(upvotes + ${upDelta} + downvotes + ${downDelta})::float8`;
  return Prisma.sql`CASE WHEN upvotes + ${upDelta} + downvotes + ${downDelta} = 0 THEN 0 ELSE
    (${up} / ${n} + ${Z * Z} / (2 * ${n})
      - ${Z} * sqrt((${up} / ${n}) * (1 - ${up} / ${n}) / ${n} + ${Z * Z} / (4 * ${n} * ${n})))
    / (1 + ${Z * Z} / ${n}) END`;
}
