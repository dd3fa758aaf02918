/**
 * Owner assertions: how an owner (owners.ts) acts on its agents, never with a password. A trusted issuer
 * (TRUSTED_AGENT_ISSUERS) signs a short-lived compact JWT (EdDSA, Ed25519) saying that its user `sub` is
 * acting now: `aud` = `moltbook-owner`, `iat`, `exp` at most 600 s after `iat`, a `jti` accepted once
 * (`used_owner_assertions`, in PostgreSQL so that every instance refuses a replay). It is sent in the
 * `X-Owner-Assertion` header over HTTP (not over WebSocket); one request spends it once, whatever number
 * of fields use it.
 */
import type { Context } from '../context.js';
import { verifyIssuedToken } from './attestation.js';
import { forbidden, MoltbookError } from '../errors.js';
import { isUniqueViolation } from '../errors.js';

/** The audience every owner assertion must name. */
export const OWNER_ASSERTION_AUDIENCE = 'moltbook-owner';
/** Longest accepted lifetime (`exp - iat`), in seconds. */
export const MAX_OWNER_ASSERTION_SECONDS = 600;
/** The HTTP header carrying it. */
export const OWNER_ASSERTION_HEADER = 'x-owner-assertion';

/** The owner an assertion proved: its row id. */
export interface ActingOwner {
  readonly id: string;
}

const refuse = (why: string) =>
  new MoltbookError('UNAUTHENTICATED', `The owner assertion (X-Owner-Assertion) is not valid: ${why}.`);

const spent = new WeakMap<Context, Promise<ActingOwner>>();

/**
 * The owner acting in this request, from its `X-Owner-Assertion`: verified and its `jti` spent once per
 * request. `UNAUTHENTICATED` for a missing or invalid assertion, `FORBIDDEN` when the issuer's user runs
 * no agent here.
 */
export function actingOwner(ctx: Context): Promise<ActingOwner> {
  let owner = spent.get(ctx);
  if (!owner) {
    owner = verifyOwnerAssertion(ctx);
    spent.set(ctx, owner);
  }
  return owner;
}

async function verifyOwnerAssertion(ctx: Context): Promise<ActingOwner> {
  const token = ctx.ownerAssertion;
  if (!token) throw refuse('this operation needs one (a JWT from your agent platform)');
  const { issuer, sub, exp, jti } = await verifyIssuedToken(ctx.services.issuers, token, {
    audience: OWNER_ASSERTION_AUDIENCE,
    maxLifetime: { seconds: MAX_OWNER_ASSERTION_SECONDS, words: '10 minutes (exp - iat > 600)' },
    refuse,
  });
  const { db } = ctx.services;
  try {
    await db.usedOwnerAssertion.create({ data: { issuer, jti, expiresAt: new Date(exp * 1000) } });
  } catch (error) {
    if (isUniqueViolation(error)) throw refuse('it was already used');
    throw error;
  }
  await db.usedOwnerAssertion.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 60_000) } } });
  const owner = await db.owner.findUnique({
    where: { issuer_subject: { issuer, subject: sub } },
    select: { id: true },
  });
  if (!owner) throw forbidden('No agent here is run by this owner.');
  return owner;
}
