/**
 * Lockstep detection straight from the vote tables, for a periodic job (or several instances without
 * shared detector state): one windowed query finds the voter pairs that co-voted (same value, same
 * target, at most `coVoteSeconds` apart) on at least `minSharedTargets` distinct targets; `groupRings`
 * then makes rings of them, exactly as for the streaming detector. Targets are named as there:
 * `post:<id>` and `comment:<id>`.
 *
 * Each vote in the window is joined to the votes on its target within the co-vote interval through
 * an index on (target, created_at), so the cost is that of the streaming detector: O(votes on the
 * target nearby) per vote, without its per-target cap. The indexes are `LOCKSTEP_INDEX_SQL`, to be
 * added by a migration (the (target, created_at) ones can replace the current single-column ones).
 */
import type { LockstepConfig } from './config.js';
import type { PairEvidence } from './lockstep.js';
import type { SqlQuery } from './sql.js';

export const LOCKSTEP_INDEX_SQL = `
CREATE INDEX post_votes_created_at_idx ON post_votes (created_at);
CREATE INDEX post_votes_post_id_created_at_idx ON post_votes (post_id, created_at);
CREATE INDEX comment_votes_created_at_idx ON comment_votes (created_at);
CREATE INDEX comment_votes_comment_id_created_at_idx ON comment_votes (comment_id, created_at);
`;

/** Parameters: window start and end (timestamptz), co-vote seconds, minimum shared targets. */
export const LOCKSTEP_SQL = `
WITH co_votes AS (
  SELECT a.agent_id AS a, b.agent_id AS b, 'post:' || a.post_id AS target, least(a.created_at, b.created_at) AS at
    FROM post_votes a
    JOIN post_votes b ON b.post_id = a.post_id AND b.value = a.value AND b.agent_id > a.agent_id
     AND b.created_at BETWEEN a.created_at - make_interval(secs => $3::float8)
                          AND a.created_at + make_interval(secs => $3::float8)
   WHERE a.created_at >= $1::timestamptz AND a.created_at < $2::timestamptz
  UNION ALL
  SELECT a.agent_id, b.agent_id, 'comment:' || a.comment_id, least(a.created_at, b.created_at)
    FROM comment_votes a
    JOIN comment_votes b ON b.comment_id = a.comment_id AND b.value = a.value AND b.agent_id > a.agent_id
     AND b.created_at BETWEEN a.created_at - make_interval(secs => $3::float8)
                          AND a.created_at + make_interval(secs => $3::float8)
   WHERE a.created_at >= $1::timestamptz AND a.created_at < $2::timestamptz
)
SELECT a::text AS a, b::text AS b, array_agg(DISTINCT target ORDER BY target) AS targets,
       min(at) AS "firstAt", max(at) AS "lastAt"
  FROM co_votes
 GROUP BY a, b
HAVING count(DISTINCT target) >= $4::int`;

/** A row of `LOCKSTEP_SQL`. */
export interface LockstepRow {
  readonly a: string;
  readonly b: string;
  readonly targets: string[];
  readonly firstAt: Date;
  readonly lastAt: Date;
}

/** `LOCKSTEP_SQL` over the window of `windowSeconds` that ends at `until`. */
export function lockstepQuery(until: Date, config: LockstepConfig): SqlQuery {
  const since = new Date(until.getTime() - config.windowSeconds * 1000);
  return {
    text: LOCKSTEP_SQL,
    values: [since.toISOString(), until.toISOString(), config.coVoteSeconds, config.minSharedTargets],
  };
}

/** The rows as the pair evidence `groupRings` takes. */
export function pairsFromRows(rows: readonly LockstepRow[]): PairEvidence[] {
  return rows.map((r) => ({ ...r, firstAt: r.firstAt.getTime(), lastAt: r.lastAt.getTime() }));
}
