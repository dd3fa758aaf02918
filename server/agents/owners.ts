/**
 * Owners: who runs an agent, known only from where it can be trusted. A trusted issuer vouches for its
 * user in the `owner` claim of the attestation an agent registers with; the operator can assign (or
 * clear) an agent's owner by hand (issuer `operator`). Nothing an agent says about itself makes an owner.
 *
 * An agent without an owner (challenge-verified, say) is its own owner of one: its limits, its votes and
 * its profile's `ownerAgentCount` treat it as an owner running one agent.
 *
 * An owner runs at most `MAX_AGENTS_PER_OWNER` agents: `owners.agent_count` is moved by the statement
 * that attaches an agent, which refuses past the cap while holding the owner's row, so racing
 * registrations cannot pass it together.
 */
import type { Context } from '../context.js';
import { badInput, MoltbookError } from '../errors.js';
import type { Tx } from '../write/idempotency.js';
import { uuidv7 } from '../infra/ids.js';
import { agentIdByName } from './profile.js';

/** The issuer name of owners the operator assigned by hand. */
export const OPERATOR_ISSUER = 'operator';

/** An owner as its issuer names it. */
export interface OwnerClaim {
  readonly issuer: string;
  readonly subject: string;
  /** The handle to show (when `handlePublic`); undefined leaves a known owner's handle as it is. */
  readonly handle?: string | null;
  readonly handlePublic?: boolean;
}

const HANDLE = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$/;

/** `OWNER_AGENT_LIMIT`: the owner already runs as many agents as allowed. */
export const ownerAgentLimit = (cap: number) =>
  new MoltbookError(
    'OWNER_AGENT_LIMIT',
    `This owner already runs the most agents allowed (${cap}). Nothing was changed.`,
    { limit: cap },
  );

/** Checks a handle (2-40 of [A-Za-z0-9_.-], starting with a letter or digit); null clears it. */
export function checkHandle(handle: string | null | undefined, field: string): string | null | undefined {
  if (handle === undefined || handle === null) return handle;
  if (!HANDLE.test(handle)) {
    throw badInput('An owner handle is 2-40 of [A-Za-z0-9_.-], starting with a letter or digit.', field);
  }
  return handle;
}

/** The owner the operator names (issuer {@link OPERATOR_ISSUER} unless given), checked. */
export function operatorClaim(input: {
  subject: string;
  issuer?: string | null;
  handle?: string | null;
  handlePublic?: boolean | null;
}): OwnerClaim {
  const issuer = input.issuer ?? OPERATOR_ISSUER;
  if (input.subject.length === 0 || input.subject.length > 200) {
    throw badInput('The subject is 1-200 characters.', 'owner.subject');
  }
  if (issuer.length === 0 || issuer.length > 200) throw badInput('The issuer is 1-200 characters.', 'owner.issuer');
  return {
    issuer,
    subject: input.subject,
    handle: checkHandle(input.handle, 'owner.handle'),
    handlePublic: input.handlePublic ?? undefined,
  };
}

/**
 * Reads the `owner` claim of an attestation of `issuer`: either a string (the owner's user id at the
 * issuer) or an object `{ "sub": id, "handle"?: string, "handle_public"?: boolean }`. Absent: null.
 * Anything else is refused (the attestation's defect, `BAD_USER_INPUT` on `attestation`).
 */
export function ownerFromClaim(issuer: string, claim: unknown): OwnerClaim | null {
  if (claim === undefined || claim === null) return null;
  const refuse = (why: string) =>
    badInput(`The attestation is not valid: its "owner" claim ${why}. Nothing was registered.`, 'attestation');
  const subjectOf = (sub: unknown) => {
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200)
      throw refuse('needs a "sub" of 1-200 characters');
    return sub;
  };
  if (typeof claim === 'string') return { issuer, subject: subjectOf(claim) };
  if (typeof claim !== 'object' || Array.isArray(claim)) throw refuse('is neither a string nor an object');
  const { sub, handle, handle_public: handlePublic } = claim as Record<string, unknown>;
  if (handle !== undefined && (typeof handle !== 'string' || !HANDLE.test(handle))) {
    throw refuse('has a "handle" that is not 2-40 of [A-Za-z0-9_.-]');
  }
  if (handlePublic !== undefined && typeof handlePublic !== 'boolean')
    throw refuse('has a "handle_public" that is not a boolean');
  return { issuer, subject: subjectOf(sub), handle: handle as string | undefined, handlePublic };
}

/**
 * Counts one more agent for the owner `claim` names (creating the owner the first time), in one
 * statement that refuses past `cap` (`OWNER_AGENT_LIMIT`). Returns the owner's id. Run it in the
 * transaction that attaches the agent: a rollback gives the slot back.
 */
export async function countAgentFor(tx: Tx, claim: OwnerClaim, cap: number): Promise<string> {
  const handle = claim.handle ?? null;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO owners (id, issuer, subject, handle, handle_public, agent_count)
    VALUES (${uuidv7()}::uuid, ${claim.issuer}, ${claim.subject}, ${handle}, ${claim.handlePublic ?? false}, 1)
    ON CONFLICT (issuer, subject) DO UPDATE SET
      agent_count = owners.agent_count + 1,
      handle = CASE WHEN ${claim.handle !== undefined} THEN EXCLUDED.handle ELSE owners.handle END,
      handle_public = CASE WHEN ${claim.handlePublic !== undefined} THEN EXCLUDED.handle_public ELSE owners.handle_public END
    WHERE owners.agent_count < ${cap}
    RETURNING id::text`;
  if (rows.length === 0) throw ownerAgentLimit(cap);
  return rows[0]!.id;
}

/**
 * Operator: makes the owner `claim` names (issuer `operator` unless given) the owner of agent `name`, or
 * clears its owner (`claim` null). Moves both owners' counts; refuses past the cap. Audited. Returns the
 * agent's id.
 */
export async function assignOwner(ctx: Context, name: string, claim: OwnerClaim | null): Promise<string> {
  const { db, config, keyCache, audit } = ctx.services;
  const agentId = await agentIdByName(ctx, name);
  const owner = await db.$transaction(async (tx) => {
    const [agent] = await tx.$queryRaw<{ owner_id: string | null }[]>`
      SELECT owner_id::text FROM agents WHERE id = ${agentId}::uuid FOR UPDATE`;
    const current = agent?.owner_id ?? null;
    const next = claim ? await countAgentFor(tx, claim, config.maxAgentsPerOwner) : null;
    if (current !== null) {
      await tx.$executeRaw`UPDATE owners SET agent_count = agent_count - 1 WHERE id = ${current}::uuid`;
    }
    await tx.$executeRaw`UPDATE agents SET owner_id = ${next}::uuid WHERE id = ${agentId}::uuid`;
    return next;
  });
  await keyCache.changed(agentId);
  await audit.append({
    agentId,
    operation: 'operator.setAgentOwner',
    clientAddress: ctx.clientAddress,
    outcome: 'ok',
    detail: { ownerId: owner, issuer: claim?.issuer ?? null },
  });
  return agentId;
}
