/** Writing posts: create, edit and delete (a tombstone that keeps its place). */
import { badInput, forbidden, notFound } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type Tx, type WriteOutcome } from '../write/idempotency.js';
import { uuidv7 } from '../infra/ids.js';
import { hotRank, risingRank } from './ranking.js';
import { publishNewPost, publishPostChange } from './live-events.js';
import { readPostChange, type PostChange, type PostSnapshot } from './snapshots.js';
import { assertNoSecrets } from '../write/secrets.js';
import { mutationEntry } from '../write/audit.js';
import { auditInsertSql } from '../write/audit-log.js';
import type { Context } from '../context.js';
import { Prisma, type PrismaClient } from '../infra/db.js';
import type { ContentOrigin } from '../../generated/prisma/client.js';
import { checkText, checkUrl, LIMITS, parseId, writer } from '../write/validate.js';
import { banRefusal, bannedSql, postRefusal } from '../moderation/guards.js';
import type { DuplicateMatch } from '../integrity/duplicates.js';
import {
  assertNotDuplicate,
  duplicateCheck,
  fingerprintDeleteSql,
  fingerprintInsertSql,
  postText,
  refuseDuplicate,
  statementGuard,
  type StatementGuard,
} from '../integrity/guard.js';
import { mentionedNames } from '../notify/mentions.js';
import { publishNotified } from '../notify/notify.js';
import { notifiedColumn, notifyItemSql, type Notified } from '../notify/sql.js';

export interface CreatePostInput {
  submolt: string;
  title: string;
  body?: string | null;
  url?: string | null;
  origin?: ContentOrigin | null;
  idempotencyKey?: string | null;
}

/** What {@link createPostSql} writes. */
export interface NewPost {
  agentId: string;
  submoltName: string;
  title: string;
  body: string | null;
  url: string | null;
  createdAt: Date;
  /** The new post's id (default: a UUIDv7 of `createdAt`). */
  id?: string;
  /** Lowercased names of the agents the post mentions (each is notified); none by default. */
  mentions?: readonly string[];
  /** Who wrote it (default AUTONOMOUS). */
  origin?: ContentOrigin;
}

/**
 * A post as one statement: count it in its submolt (the row lock serializes posts to one submolt), insert
 * it, count it for its author, and record `audit` (the success's audit entry, an `INSERT` that
 * `auditInsertSql` made to run when the post was inserted). An unknown submolt matches no row, so nothing
 * is inserted, counted or audited, and so does one the agent is banned from. Returns the new id, or no row.
 * The benchmark runs the same statement in raw SQL as its baseline. With a `guard`, the near-duplicate
 * search runs first in the statement (`dup`), a refusing match inserts nothing, the fingerprint is saved
 * with the post, and the one row returned has `id` (null when nothing was inserted) and `matches`.
 */
export function createPostSql(
  post: NewPost,
  audit: (inserted: Prisma.Sql) => Prisma.Sql,
  guard: StatementGuard | null = null,
): Prisma.Sql {
  const { agentId, submoltName, title, body, url, createdAt, mentions = [], origin = 'AUTONOMOUS' } = post;
  const inserted = Prisma.sql`EXISTS (SELECT 1 FROM post)`;
  return Prisma.sql`
    WITH ${guard ? Prisma.sql`dup AS (${guard.search}),` : Prisma.empty} target AS (
      UPDATE submolts SET post_count = post_count + 1
      WHERE name = ${submoltName} AND NOT ${bannedSql(agentId, Prisma.sql`submolts.id`)}
        ${guard ? Prisma.sql`AND ${guard.clear}` : Prisma.empty} RETURNING id
    ), post AS (
      INSERT INTO posts (id, submolt_id, author_id, kind, origin, title, body, url, hot_rank, rising_rank, created_at)
      SELECT ${post.id ?? uuidv7(createdAt.getTime())}::uuid, target.id, ${agentId}::uuid, ${url ? 'LINK' : 'TEXT'}::"PostKind",
        ${origin}::"ContentOrigin",
        ${title}::text, ${body}::text, ${url}::text, ${hotRank(0, createdAt)}::float8,
        ${risingRank(0, 0, 0)}::float8, ${createdAt}::timestamptz
      FROM target
      RETURNING id
    ), author AS (
      UPDATE agents SET post_count = post_count + 1, updated_at = now()
      WHERE id = ${agentId}::uuid AND EXISTS (SELECT 1 FROM post)
    ), ${guard ? Prisma.sql`saved AS (${guard.save(inserted)}),` : Prisma.empty} audited AS (${audit(inserted)}
    ), notified AS (${notifyItemSql({
      actorId: agentId,
      replyTo: null,
      mentions,
      postId: Prisma.sql`(SELECT id FROM post)`,
      commentId: null,
      createdAt,
      when: inserted,
    })})
    ${
      guard
        ? Prisma.sql`SELECT (SELECT id::text FROM post) AS id,
            (SELECT coalesce(json_agg(dup), '[]'::json) FROM dup) AS matches, ${notifiedColumn('notified')}`
        : Prisma.sql`SELECT id::text, ${notifiedColumn('notified')} FROM post`
    }`;
}

/**
 * Creates a text or link post in a submolt and returns its id, and, when this call wrote it, the
 * snapshot its live event carries (the answer can be rendered from it without reading the post again).
 */
export async function createPost(
  ctx: Context,
  input: CreatePostInput,
): Promise<WriteOutcome & { snapshot: PostSnapshot | null }> {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const title = checkText(input.title.trim(), 'title', 1, LIMITS.titleMax);
  const body = input.body == null ? null : checkText(input.body, 'body', 0, LIMITS.postBodyMax);
  const url = input.url == null ? null : checkUrl(input.url.trim());
  if (url && body) throw badInput('A post is either a text post (body) or a link post (url), not both.', 'body');
  assertNoSecrets(ctx, title, 'title');
  assertNoSecrets(ctx, body, 'body');
  assertNoSecrets(ctx, url, 'url');

  const submoltName = input.submolt.trim().toLowerCase();
  const origin = input.origin ?? 'AUTONOMOUS';
  const createdAt = new Date();
  let written = false;
  let notified: Notified[] = [];
  const { audit } = ctx.services;
  const entry = mutationEntry(ctx, 'createPost', null);
  const id = uuidv7(createdAt.getTime());
  const guard = statementGuard(ctx, duplicateCheck(ctx, postText(title, body ?? url)), { id, kind: 'post' });
  const write = async (tx: Tx) => {
    const mentions = mentionedNames(title, body);
    const [row] = await tx.$queryRaw<{ id: string | null; matches?: DuplicateMatch[]; notified: Notified[] }[]>(
      createPostSql(
        { agentId: agent.id, submoltName, title, body, url, createdAt, id, mentions, origin },
        (when) => auditInsertSql(entry, when),
        guard,
      ),
    );
    if (!row?.id) {
      refuseDuplicate(guard?.check ?? null, row?.matches ?? null);
      throw (await postRefusal(tx, agent.id, submoltName)) ?? notFound('submolt', input.submolt);
    }
    written = true;
    notified = row.notified;
    return row.id;
  };
  const outcome = await idempotentWrite(ctx, 'createPost', { ...input }, write, {
    limit: 'createPost',
    singleStatement: true,
  });
  // Only a call that wrote (and committed) the post publishes it; a replay publishes nothing.
  if (!written) return { ...outcome, snapshot: null };
  audit.recordedInStatement(ctx, 'createPost');
  publishNotified(ctx, notified);
  const snapshot = await publishNewPost(ctx, outcome.id);
  await ctx.services.activity.touch(agent.id);
  return { ...outcome, snapshot };
}

/** Locks the post row and checks that the caller may change it; `given` is the id as the caller sent it. */
async function lockOwnPost(tx: Tx, postId: string, agentId: string, given: string) {
  const rows = await tx.$queryRaw<
    {
      author_id: string;
      deleted_at: Date | null;
      kind: string;
      title: string;
      body: string | null;
      url: string | null;
      submolt_id: string;
      banned: boolean;
    }[]
  >`
    SELECT author_id, deleted_at, kind, title, body, url, submolt_id::text,
      ${bannedSql(agentId, Prisma.sql`posts.submolt_id`)} AS banned
    FROM posts WHERE id = ${postId}::uuid FOR UPDATE`;
  const row = rows[0];
  if (!row) throw notFound('post', given);
  if (row.author_id !== agentId) throw forbidden('Only the author may change this post.');
  return row;
}

export interface EditPostInput {
  postId: string;
  title?: string | null;
  body?: string | null;
  origin?: ContentOrigin | null;
  idempotencyKey?: string | null;
}

/** Edits the title and/or body of the caller's own post; sets `editedAt`. */
export async function editPost(ctx: Context, input: EditPostInput): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const postId = parseId(input.postId, 'Post', 'postId');
  const title = input.title == null ? undefined : checkText(input.title.trim(), 'title', 1, LIMITS.titleMax);
  const body = input.body == null ? undefined : checkText(input.body, 'body', 0, LIMITS.postBodyMax);
  const origin = input.origin ?? undefined;
  if (title === undefined && body === undefined && origin === undefined) {
    throw badInput('Give a new title, body or origin.', 'title');
  }
  assertNoSecrets(ctx, title, 'title');
  assertNoSecrets(ctx, body, 'body');

  let change = null as PostChange | null; // set by the write below (`as`: not narrowed to null)
  const outcome = await idempotentWrite(ctx, 'editPost', { ...input }, async (tx) => {
    const row = await lockOwnPost(tx, postId, agent.id, input.postId);
    if (row.deleted_at) throw badInput('A deleted post cannot be edited.', 'postId');
    if (row.banned) throw await banRefusal(tx, agent.id, row.submolt_id);
    if (body !== undefined && row.kind === 'LINK') throw badInput('A link post has no body to edit.', 'body');
    const check = duplicateCheck(ctx, postText(title ?? row.title, body ?? row.body ?? row.url), postId);
    await assertNotDuplicate(tx, ctx, check);
    await tx.post.update({ where: { id: postId }, data: { title, body, origin, editedAt: new Date() } });
    if (check) await tx.$executeRaw(fingerprintInsertSql(check, { id: postId, kind: 'post' }));
    change = await readPostChange(tx, postId);
    return postId;
  });
  if (change) publishPostChange(ctx, change, false);
  return outcome;
}

/**
 * Deletes the caller's own post: the row stays as a tombstone (`deleted`, text removed) so its comments
 * keep their thread; it leaves the feeds and the submolt's and author's post counts. Deleting twice is
 * harmless.
 */
export async function deletePost(ctx: Context, rawId: string, idempotencyKey?: string | null): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(idempotencyKey);
  const postId = parseId(rawId, 'Post', 'postId');
  let change = null as PostChange | null; // set by the write below (`as`: not narrowed to null)
  const outcome = await idempotentWrite(ctx, 'deletePost', { postId, idempotencyKey }, async (tx) => {
    const row = await lockOwnPost(tx, postId, agent.id, rawId);
    if (row.deleted_at) return postId;
    const post = await tx.post.update({
      where: { id: postId },
      data: { deletedAt: new Date(), title: '[deleted]', body: null, url: null },
    });
    await tx.submolt.update({ where: { id: post.submoltId }, data: { postCount: { decrement: 1 } } });
    await tx.agent.update({ where: { id: agent.id }, data: { postCount: { decrement: 1 } } });
    await tx.$executeRaw(fingerprintDeleteSql(postId));
    change = await readPostChange(tx, postId);
    return postId;
  });
  if (change) publishPostChange(ctx, change, false);
  return outcome;
}

/** The database id of the post `postId` names; `NOT_FOUND` when there is none. */
export async function existingPost(db: PrismaClient, postId: string): Promise<string> {
  const id = parseId(postId, 'Post', 'postId');
  if (!(await db.post.findUnique({ where: { id }, select: { id: true } }))) throw notFound('post', postId);
  return id;
}
