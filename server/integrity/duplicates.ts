/**
 * Finding near-copies of a new item in PostgreSQL with plain B-tree indexes and no full scan.
 *
 * Each item's fingerprint is a row of `content_fingerprints` (the table and its indexes are
 * `FINGERPRINT_TABLE_SQL`, to be added by a migration). One statement, `DUPLICATE_SQL`, looks in three
 * scopes, each with its own window and distance (`DuplicateConfig`):
 * - agent: the agent's own most recent items (index on author and time);
 * - owner: the most recent items of the agent's siblings, the agents with the same owner;
 * - site: everyone else's items in the window, found through the SimHash bands. The 64 bits are cut
 *   into four bands of 16; two fingerprints within distance k differ in at most floor(k / 4) bits of
 *   some band (pigeonhole), so probing each band's index with the band's value and its neighbours
 *   within that radius finds every candidate: one value per band for k <= 3, 17 for k <= 7, 137 for
 *   k <= 11. Each probe selects about 1/65,536 of the window, so candidates stay few.
 * Candidates are then kept when `bit_count(simhash # new)` is within the scope's distance, or when
 * the exact key matches (same words; the only test for texts too short for a SimHash), or, among the
 * `containment.recentLimit` most recent of the agent and owner scopes, when the anchors overlap
 * (`anchorsContained` in fingerprint.ts: at the coarser level of the two, enough anchors in common).
 *
 * Run it before inserting the new item's row (`FINGERPRINT_INSERT_SQL`), in the same transaction.
 * Rows older than the longest window are never read again and can be deleted by a periodic job.
 */
import type { DuplicateConfig, DuplicateScope } from './config.js';
import { anchorsAt, type Fingerprint } from './fingerprint.js';
import { band16, neighbours16, toSignedBigint, type U64 } from './hash64.js';
import type { SqlQuery } from './sql.js';

/** The table and indexes behind the search (PostgreSQL 14+ for `bit_count`; PGlite has it). */
export const FINGERPRINT_TABLE_SQL = `
CREATE TABLE content_fingerprints (
  item_id     uuid PRIMARY KEY,
  item_kind   varchar(16) NOT NULL,
  author_id   uuid NOT NULL,
  owner_id    uuid,
  created_at  timestamptz(3) NOT NULL,
  token_count integer NOT NULL,
  exact_key   bigint NOT NULL,
  simhash     bigint,
  band0       smallint,
  band1       smallint,
  band2       smallint,
  band3       smallint,
  anchors     integer[],
  anchor_level smallint
);
CREATE INDEX content_fingerprints_author_idx ON content_fingerprints (author_id, created_at DESC);
CREATE INDEX content_fingerprints_owner_idx ON content_fingerprints (owner_id, created_at DESC);
CREATE INDEX content_fingerprints_exact_idx ON content_fingerprints (exact_key, created_at);
CREATE INDEX content_fingerprints_band0_idx ON content_fingerprints (band0, created_at);
CREATE INDEX content_fingerprints_band1_idx ON content_fingerprints (band1, created_at);
CREATE INDEX content_fingerprints_band2_idx ON content_fingerprints (band2, created_at);
CREATE INDEX content_fingerprints_band3_idx ON content_fingerprints (band3, created_at);
`;

/** Inserts an item's fingerprint; see `fingerprintInsert`. */
export const FINGERPRINT_INSERT_SQL = `
INSERT INTO content_fingerprints
  (item_id, item_kind, author_id, owner_id, created_at, token_count, exact_key, simhash, band0, band1, band2, band3,
   anchors, anchor_level)
VALUES ($1::uuid, $2::varchar, $3::uuid, $4::uuid, $5::timestamptz, $6::int, $7::bigint, $8::bigint, $9::smallint,
        $10::smallint, $11::smallint, $12::smallint, $13::int[], $14::smallint)`;

/**
 * The parameters are those of `duplicateQuery`, in its order ($17: an item id never matched; $18 to $23:
 * the anchors' test).
 */
export const DUPLICATE_SQL = `
WITH candidates AS (
  (SELECT 'agent' AS scope, f.*, $6::int AS max_distance, row_number() OVER (ORDER BY f.created_at DESC) AS rn
     FROM content_fingerprints f
    WHERE f.author_id = $3::uuid AND f.created_at >= $5::timestamptz
    ORDER BY f.created_at DESC LIMIT $15::int)
  UNION ALL
  (SELECT 'owner', f.*, $8::int, row_number() OVER (ORDER BY f.created_at DESC) FROM content_fingerprints f
    WHERE f.owner_id = $4::uuid AND f.author_id <> $3::uuid AND f.created_at >= $7::timestamptz
    ORDER BY f.created_at DESC LIMIT $15::int)
  UNION ALL
  SELECT 'site', f.*, $10::int, NULL FROM content_fingerprints f
    WHERE f.created_at >= $9::timestamptz
      AND f.author_id <> $3::uuid AND ($4::uuid IS NULL OR f.owner_id IS DISTINCT FROM $4::uuid)
      AND (f.exact_key = $1::bigint OR f.band0 = ANY($11::smallint[]) OR f.band1 = ANY($12::smallint[])
           OR f.band2 = ANY($13::smallint[]) OR f.band3 = ANY($14::smallint[]))
), measured AS (
  SELECT c.*, CASE WHEN c.exact_key = $1::bigint THEN 0
                   ELSE bit_count((c.simhash # $2::bigint)::bit(64))::int END AS distance,
         k.shared, least(k.size, ($20::int[])[greatest(c.anchor_level, $19::int) + 1]) AS smaller
    FROM candidates c
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE a = ANY($18::int[]))::int AS shared, count(*)::int AS size
        FROM unnest(c.anchors) a
       WHERE a::bigint & ((1::bigint << greatest(c.anchor_level, $19::int)) - 1) = 0
    ) k ON c.scope <> 'site' AND c.rn <= $23::int AND $22::float8 > 0 AND c.anchors IS NOT NULL
)
SELECT scope, item_id AS "itemId", item_kind AS "itemKind", author_id AS "authorId",
       created_at AS "createdAt", distance
  FROM measured
 WHERE (distance <= max_distance OR (shared >= $21::int AND shared >= $22::float8 * smaller))
   AND item_id IS DISTINCT FROM $17::uuid
 ORDER BY array_position(ARRAY['agent', 'owner', 'site'], scope), distance, created_at DESC
 LIMIT $16::int`;

/** Who is writing the new item, and when. */
export interface DuplicateContext {
  readonly agentId: string;
  /** The agent's owner, when known: enables the owner scope. */
  readonly ownerId: string | null;
  readonly at: Date;
}

/** A row of `DUPLICATE_SQL`: an earlier item the new one nearly copies. */
export interface DuplicateMatch {
  readonly scope: DuplicateScope;
  readonly itemId: string;
  readonly itemKind: string;
  readonly authorId: string;
  readonly createdAt: Date;
  /** SimHash Hamming distance (0 when the words are the same). */
  readonly distance: number;
}

/** A fingerprint as column values: 64-bit values as signed `bigint` text, bands as signed `smallint`. */
export interface FingerprintColumns {
  readonly tokenCount: number;
  readonly exactKey: string;
  readonly simhash: string | null;
  /** The SimHash's four 16-bit bands, top first. */
  readonly bands: readonly [number, number, number, number] | null;
}

/** The column values of a fingerprint. */
export function fingerprintColumns(fp: Fingerprint): FingerprintColumns {
  const h = fp.simhash;
  return {
    tokenCount: fp.tokenCount,
    exactKey: toSignedBigint(fp.exact),
    simhash: h && toSignedBigint(h),
    bands: h && [band16(h, 0), band16(h, 1), band16(h, 2), band16(h, 3)],
  };
}

/** Band probes: per band, the values a fingerprint within `distance` must match in at least one band. */
export function bandProbes(simhash: U64, distance: number): number[][] {
  if (!Number.isInteger(distance) || distance < 0 || distance > 11)
    throw new RangeError(`the site distance must be an integer from 0 to 11, not ${distance}`);
  const radius = Math.floor(distance / 4);
  return ([0, 1, 2, 3] as const).map((i) => neighbours16(band16(simhash, i), radius));
}

/** The number of the fingerprint's anchors at each level from 0 to 31 (below its own level: all of them). */
function anchorCounts(fp: Fingerprint): number[] {
  return Array.from({ length: 32 }, (_, level) =>
    level <= fp.anchorLevel ? fp.anchors.length : anchorsAt(fp.anchors, level).length,
  );
}

/**
 * `DUPLICATE_SQL` for a new item's fingerprint; `limit` caps the matches returned (default 5);
 * `exclude` is an item never matched (the item itself, when an edit is checked).
 */
export function duplicateQuery(
  fp: Fingerprint,
  ctx: DuplicateContext,
  config: DuplicateConfig,
  limit = 5,
  exclude: string | null = null,
): SqlQuery {
  const columns = fingerprintColumns(fp);
  const since = (seconds: number): string => new Date(ctx.at.getTime() - seconds * 1000).toISOString();
  const probes = fp.simhash ? bandProbes(fp.simhash, config.site.distance) : [[], [], [], []];
  return {
    text: DUPLICATE_SQL,
    values: [
      columns.exactKey,
      columns.simhash,
      ctx.agentId,
      ctx.ownerId,
      since(config.agent.windowSeconds),
      config.agent.distance,
      since(config.owner.windowSeconds),
      config.owner.distance,
      since(config.site.windowSeconds),
      config.site.distance,
      ...probes,
      config.recentLimit,
      limit,
      exclude,
      fp.anchors,
      fp.anchorLevel,
      anchorCounts(fp),
      config.containment.minShared,
      config.containment.ratio,
      config.containment.recentLimit,
    ],
  };
}

/** `FINGERPRINT_INSERT_SQL` for a new item. */
export function fingerprintInsert(
  item: { id: string; kind: 'post' | 'comment' },
  fp: Fingerprint,
  ctx: DuplicateContext,
): SqlQuery {
  const c = fingerprintColumns(fp);
  const bands = c.bands ?? [null, null, null, null];
  return {
    text: FINGERPRINT_INSERT_SQL,
    values: [
      item.id,
      item.kind,
      ctx.agentId,
      ctx.ownerId,
      ctx.at.toISOString(),
      c.tokenCount,
      c.exactKey,
      c.simhash,
      ...bands,
      fp.anchors,
      fp.anchorLevel,
    ],
  };
}
