/**
 * Near-duplicate refusal for the write path: a new (or edited) post or comment is fingerprinted
 * (fingerprint.ts), looked for in the agent, owner and site scopes (`DUPLICATE_SQL`, a few index
 * probes), refused with `DUPLICATE_CONTENT` when it nearly copies a recent item, and otherwise its
 * fingerprint is saved by the write's own statement or transaction (`fingerprintInsertSql`).
 *
 * Short texts (fewer than `minTokens` words) have no SimHash and match only a text with the same words:
 * they are refused when they repeat the agent's (or its owner's) own recent items, never for matching a
 * stranger's ("Thanks!" is not spam when two agents say it).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../context.js';
import { duplicateContent } from '../errors.js';
import { Prisma } from '../infra/db.js';
import type { DuplicateScope } from './config.js';
import { duplicateQuery, fingerprintInsert, type DuplicateContext, type DuplicateMatch } from './duplicates.js';
import { fingerprint, type Fingerprint } from './fingerprint.js';
import type { SqlQuery } from './sql.js';

/** What is being written. */
export type ItemKind = 'post' | 'comment';

/**
 * The owner of the writing agent, for the owner scope: THE one place that says it. Null for an agent that
 * is its own owner (its owner scope is then empty: its own items are the agent scope).
 */
export function writerOwnerId(ctx: Context): string | null {
  return ctx.viewer?.ownerId ?? null;
}

/** The text of a post as it is fingerprinted: its title, then its body or link. */
export function postText(title: string, bodyOrUrl: string | null | undefined): string {
  return bodyOrUrl ? `${title}\n${bodyOrUrl}` : title;
}

/** A parameterised query (`$1`...) as Prisma SQL, to run alone or to embed in a larger statement. */
export function prismaSql(q: SqlQuery): Prisma.Sql {
  const parts = q.text.split(/\$(\d+)(?!\d)/);
  const strings: string[] = [];
  const values: unknown[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    strings.push(parts[i]!);
    if (i + 1 < parts.length) values.push(q.values[Number(parts[i + 1]) - 1]);
  }
  return new Prisma.Sql(strings, values as Prisma.Sql['values']);
}

/** A check about to run: the fingerprint and who writes when; null when the check is off. */
export interface DuplicateCheck {
  readonly fp: Fingerprint;
  readonly ctx: DuplicateContext;
  /** The item itself, for an edit (never its own duplicate). */
  readonly exclude: string | null;
}

/** Prepares the check of `text` written by the caller now; null when `DUPLICATE_CHECK` is off. */
export function duplicateCheck(ctx: Context, text: string, exclude: string | null = null): DuplicateCheck | null {
  const { config } = ctx.services;
  if (!config.duplicateCheck || !ctx.viewer) return null;
  return {
    fp: fingerprint(text, config.integrity.duplicates),
    ctx: { agentId: ctx.viewer.id, ownerId: writerOwnerId(ctx), at: new Date() },
    exclude,
  };
}

/** The matches that refuse the write (see the header on short texts). */
function refusing(check: DuplicateCheck, matches: readonly DuplicateMatch[]): DuplicateMatch | undefined {
  return matches.find((m) => m.scope !== 'site' || check.fp.simhash !== null);
}

const WHOSE: Record<DuplicateScope, string> = {
  agent: 'one of your own',
  owner: 'one by another agent of your owner',
  site: "another agent's",
};

/** `DUPLICATE_CONTENT` for a match. */
function refusal(match: DuplicateMatch) {
  const kind = match.itemKind === 'comment' ? 'Comment' : 'Post';
  return duplicateContent(
    `This nearly repeats a recent ${match.itemKind} (${WHOSE[match.scope]}). Write something new.`,
    encodeGlobalID(kind, match.itemId),
    match.scope.toUpperCase(),
  );
}

/** The search, as SQL (a handful of index probes). */
export function duplicateSearchSql(check: DuplicateCheck, config: Context['services']['config']): Prisma.Sql {
  return prismaSql(duplicateQuery(check.fp, check.ctx, config.integrity.duplicates, 5, check.exclude));
}

/** Throws `DUPLICATE_CONTENT` when `matches` (rows of the search) hold one that refuses the write. */
export function refuseDuplicate(check: DuplicateCheck | null, matches: readonly DuplicateMatch[] | null): void {
  const match = check && matches && refusing(check, matches);
  if (match) throw refusal(match);
}

/** Runs the search in `db` (a transaction) and refuses a near-copy. */
export async function assertNotDuplicate(
  db: Pick<Prisma.TransactionClient, '$queryRaw'>,
  ctx: Context,
  check: DuplicateCheck | null,
): Promise<void> {
  if (!check) return;
  refuseDuplicate(check, await db.$queryRaw<DuplicateMatch[]>(duplicateSearchSql(check, ctx.services.config)));
}

/**
 * The INSERT of the item's fingerprint, made when `when` (SQL) holds, e.g. when the item's own INSERT
 * in the same statement inserted it. `ON CONFLICT` replaces a fingerprint: an edit re-fingerprints.
 */
export function fingerprintInsertSql(
  check: DuplicateCheck,
  item: { id: string; kind: ItemKind },
  when: Prisma.Sql = Prisma.sql`true`,
): Prisma.Sql {
  const q = fingerprintInsert(item, check.fp, check.ctx);
  const select = q.text.replace(/VALUES \(([^)]*)\)\s*$/u, 'SELECT $1');
  return Prisma.sql`${prismaSql({ text: select, values: q.values })} WHERE ${when}
    ON CONFLICT (item_id) DO UPDATE SET token_count = EXCLUDED.token_count, exact_key = EXCLUDED.exact_key,
      simhash = EXCLUDED.simhash, band0 = EXCLUDED.band0, band1 = EXCLUDED.band1, band2 = EXCLUDED.band2,
      band3 = EXCLUDED.band3, anchors = EXCLUDED.anchors, anchor_level = EXCLUDED.anchor_level,
      created_at = EXCLUDED.created_at`;
}

/** Forgets a deleted item's fingerprint (a corrected repost after a deletion is not a copy). */
export function fingerprintDeleteSql(itemId: string): Prisma.Sql {
  return Prisma.sql`DELETE FROM content_fingerprints WHERE item_id = ${itemId}::uuid`;
}

/**
 * The parts of a one-statement write guarded in that statement: `search` (a CTE body, name it `dup`),
 * `clear` (a condition on it: no refusing match), and `save` (the fingerprint's INSERT when the item's
 * own INSERT, `inserted`, happened).
 */
export interface StatementGuard {
  readonly check: DuplicateCheck;
  readonly search: Prisma.Sql;
  readonly clear: Prisma.Sql;
  save(inserted: Prisma.Sql): Prisma.Sql;
}

/** The {@link StatementGuard} of item `item` for `check`; null when there is no check. */
export function statementGuard(
  ctx: Context,
  check: DuplicateCheck | null,
  item: { id: string; kind: ItemKind },
): StatementGuard | null {
  if (!check) return null;
  return {
    check,
    search: duplicateSearchSql(check, ctx.services.config),
    clear: Prisma.sql`NOT EXISTS (SELECT 1 FROM dup WHERE scope <> 'site' OR ${check.fp.simhash !== null}::boolean)`,
    save: (inserted) => fingerprintInsertSql(check, item, inserted),
  };
}
