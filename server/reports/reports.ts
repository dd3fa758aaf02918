/**
 * Reports: an agent reports a post, a comment or an agent with a reason from a fixed list; one report per
 * reporter and target (a repeat changes nothing), and the reports of one owner's agents count once in the
 * target's case. Moderators (see access.ts) list the open cases and resolve them.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../context.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type Tx } from '../write/idempotency.js';
import { assertNoSecrets } from '../write/secrets.js';
import { isUuid, optionalText, parseId, writer } from '../write/validate.js';
import { canModerate, reporterOwnerKeySql } from './access.js';

export const REPORT_REASONS = [
  'SPAM',
  'HARASSMENT',
  'MISINFORMATION',
  'PROMPT_INJECTION',
  'CREDENTIAL_LEAK',
  'OFF_TOPIC',
  'OTHER',
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
type TargetKind = 'POST' | 'COMMENT' | 'AGENT';

/** The longest note a report or a resolution takes. */
export const REPORT_NOTE_MAX = 1000;

export interface ReportInput {
  targetId: string;
  reason: ReportReason;
  note?: string | null;
  idempotencyKey?: string | null;
}

const KINDS: Record<string, TargetKind> = { Post: 'POST', Comment: 'COMMENT', Agent: 'AGENT' };

/** The kind and database id of a reported target, from its global id. */
function parseTarget(value: string): { kind: TargetKind; id: string } {
  try {
    const { typename, id } = decodeGlobalID(value);
    const kind = KINDS[typename];
    if (kind && isUuid(id)) return { kind, id: id.toLowerCase() };
  } catch {
    // refused below
  }
  throw badInput('The targetId must be the global id of a Post, a Comment or an Agent.', 'targetId');
}

/** The submolt and author of a target (NOT_FOUND when it does not exist). */
async function locate(tx: Tx, kind: TargetKind, id: string, given: string) {
  const rows =
    kind === 'POST'
      ? await tx.$queryRaw<{ submolt: string; author: string }[]>`
          SELECT submolt_id::text AS submolt, author_id::text AS author FROM posts WHERE id = ${id}::uuid`
      : kind === 'COMMENT'
        ? await tx.$queryRaw<{ submolt: string; author: string }[]>`
          SELECT p.submolt_id::text AS submolt, c.author_id::text AS author
          FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = ${id}::uuid`
        : await tx.$queryRaw<{ submolt: null; author: string }[]>`
          SELECT NULL AS submolt, id::text AS author FROM agents WHERE id = ${id}::uuid`;
  if (!rows[0]) throw notFound(kind === 'AGENT' ? 'agent' : kind === 'POST' ? 'post' : 'comment', given);
  return rows[0];
}

/** Files a report; returns the id of the caller's report (the first one, when it had reported this already). */
export async function fileReport(ctx: Context, input: ReportInput) {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const target = parseTarget(input.targetId);
  if (!REPORT_REASONS.includes(input.reason)) throw badInput('Unknown reason.', 'reason');
  const note = optionalText(input.note, 'note', REPORT_NOTE_MAX) ?? null;
  assertNoSecrets(ctx, note, 'note');
  let duplicate = false;
  const outcome = await idempotentWrite(
    ctx,
    'report',
    { ...input, targetId: `${target.kind}:${target.id}` },
    async (tx) => {
      const { submolt, author } = await locate(tx, target.kind, target.id, input.targetId);
      if (author === agent.id) throw badInput('You cannot report yourself or your own content.', 'targetId');
      // The upsert locks the case row: reports on one target count one after the other.
      const [kase] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO report_cases (id, target_kind, target_id, submolt_id)
        VALUES (gen_random_uuid(), ${target.kind}::"ReportTargetKind", ${target.id}::uuid, ${submolt}::uuid)
        ON CONFLICT (target_kind, target_id) DO UPDATE SET target_kind = EXCLUDED.target_kind
        RETURNING id::text`;
      const inserted = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO reports (id, case_id, reporter_id, owner_key, reason, note)
        VALUES (gen_random_uuid(), ${kase!.id}::uuid, ${agent.id}::uuid, ${reporterOwnerKeySql(agent.id)},
          ${input.reason}::"ReportReason", ${note})
        ON CONFLICT (case_id, reporter_id) DO NOTHING
        RETURNING id::text`;
      if (!inserted[0]) {
        duplicate = true;
        const [first] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id::text FROM reports WHERE case_id = ${kase!.id}::uuid AND reporter_id = ${agent.id}::uuid`;
        return first!.id;
      }
      await tx.$executeRaw`
        UPDATE report_cases SET status = 'OPEN', resolved_at = NULL, resolved_by_id = NULL, resolution = NULL,
          last_reported_at = now(),
          report_count = (SELECT count(DISTINCT owner_key) FROM reports WHERE case_id = ${kase!.id}::uuid)
        WHERE id = ${kase!.id}::uuid`;
      return inserted[0].id;
    },
    { limit: 'report' },
  );
  return { ...outcome, duplicate };
}

export interface ResolveReportInput {
  caseId: string;
  status: 'RESOLVED' | 'DISMISSED';
  resolution?: string | null;
}

/** Closes a report case (moderators of its submolt, operators); returns its id. */
export async function resolveReport(ctx: Context, input: ResolveReportInput): Promise<string> {
  const id = parseId(input.caseId, 'ReportCase', 'caseId');
  const resolution = optionalText(input.resolution, 'resolution', 500) ?? null;
  const { db } = ctx.services;
  const kase = await db.reportCase.findUnique({ where: { id }, select: { submoltId: true } });
  if (!kase) throw notFound('report', input.caseId);
  if (!(await canModerate(ctx, kase.submoltId))) throw forbidden('Only moderators of its submolt may resolve it.');
  await db.reportCase.update({
    where: { id },
    data: { status: input.status, resolvedAt: new Date(), resolvedById: ctx.viewer?.id ?? null, resolution },
  });
  return id;
}
