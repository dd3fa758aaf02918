/**
 * Proof of possession: an agent may register an Ed25519 signing key; from then on every mutation it makes
 * must come on an HTTP request signed with that key (RFC 9421, signatures.ts), so that its bearer key
 * alone, stolen, cannot write. One rule for every path: the yoga plugin here refuses the unsigned
 * mutation of such an agent before it executes, over `/graphql`, REST and MCP alike (REST and MCP run
 * their operations in process on the OUTER request, whose signature, headers and body bytes count), and
 * over WebSocket always (a message there cannot be signed). Each nonce is accepted once, in the database
 * every instance shares. Setting, replacing or removing the key is itself a mutation, so once a key is
 * set it takes a signature with that key, or the owner's assertion (ownerSetAgentSigningKey).
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { getOperationAST, Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Context, Viewer } from '../context.js';
import { badInput, isUniqueViolation, MoltbookError } from '../errors.js';
import { entryFor, mutationEntries } from '../write/audit.js';
import { ownAgent } from './owner-actions.js';
import {
  jwkThumbprint,
  parsePublicKey,
  SignatureProblem,
  verifyRequest,
  type HttpMessage,
  type VerifiedSignature,
} from './signatures.js';

const DAY_MS = 86_400_000;
/** Longest lifetime of a signing key, in days. */
export const MAX_SIGNING_KEY_DAYS = 3650;

/** The signing key of an agent as the context carries it. */
export interface ViewerSigningKey {
  /** Its RFC 7638 thumbprint: the `keyid` its signatures name. */
  readonly keyId: string;
  /** The JWK `x` (base64url of the raw public key). */
  readonly x: string;
  readonly expiresAt: Date | null;
}

/** The HTTP request an operation came on, as a signature covers it (null over WebSocket). */
export interface SignableRequest {
  /** The request that was signed: the outer one of REST and MCP. */
  readonly source: object;
  readonly message: HttpMessage;
  /** The body's bytes as they arrived; undefined when this server did not read them itself. */
  readonly body: Uint8Array | undefined;
}

const bodies = new WeakMap<object, Uint8Array>();

/** Keeps the bytes of a request's body for its signature check (`/graphql`'s parser, REST, MCP). */
export function rememberBody(request: object, bytes: Uint8Array): void {
  bodies.set(request, bytes);
}

/**
 * The signable view of a request: `req` the Node request (the outer one, for REST and MCP), `parsed`
 * the headers of the fetch Request yoga parsed (whose body counts when REST or MCP did not read `req`'s).
 */
export function signableRequest(config: Config, req: IncomingMessage, parsed: object): SignableRequest {
  const scheme = config.publicUrl
    ? new URL(config.publicUrl).protocol.slice(0, -1)
    : (req.socket as TLSSocket | undefined)?.encrypted
      ? 'https'
      : 'http';
  const message: HttpMessage = {
    method: req.method ?? 'GET',
    scheme,
    authority: req.headers.host ?? '',
    target: req.url ?? '/',
    header: (name) => req.headersDistinct[name],
  };
  return { source: req, message, body: bodies.get(req) ?? bodies.get(parsed) };
}

const SIGNATURE_HELP = 'See "Signed writes" in /skill.md.';

function refusal(problem: SignatureProblem): MoltbookError {
  const required = problem.reason === 'missing-signature' || problem.reason === 'websocket';
  return new MoltbookError(
    required ? 'SIGNATURE_REQUIRED' : 'SIGNATURE_INVALID',
    `${problem.message} ${SIGNATURE_HELP}`,
    {
      reason: problem.reason,
      http: { status: 401, headers: { 'www-authenticate': 'Signature' } },
    },
  );
}

/** The mutations that may be signed with an expired signing key: replacing or removing it. */
const RENEWALS = new Set(['setSigningKey', 'removeSigningKey']);

function onlyRenewals(document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  return operation?.selectionSet.selections.every((s) => s.kind === Kind.FIELD && RENEWALS.has(s.name.value)) ?? false;
}

/** One check per signed request: REST and MCP may run more than one operation on it. */
const checked = new WeakMap<object, Promise<VerifiedSignature>>();

async function verifyOnce(ctx: Context, key: ViewerSigningKey, renewal: boolean): Promise<VerifiedSignature> {
  const now = Date.now();
  if (key.expiresAt && key.expiresAt.getTime() <= now && !renewal) {
    throw new SignatureProblem(
      'key-expired',
      `This agent's signing key expired at ${key.expiresAt.toISOString()}: sign a setSigningKey (or ` +
        'removeSigningKey) with it to replace it, or have the owner set a new one (ownerSetAgentSigningKey).',
    );
  }
  const signable = ctx.signable;
  if (!signable) {
    throw new SignatureProblem(
      'websocket',
      'This agent signs its writes, and a WebSocket message cannot be signed: send mutations over HTTP, signed.',
    );
  }
  if (signable.body === undefined) {
    throw new SignatureProblem('unsupported', 'A signed write must be sent as JSON (Content-Type: application/json).');
  }
  const publicKey = parsePublicKey(key.x).key;
  const maxAgeSeconds = ctx.services.config.signatureMaxAgeSeconds;
  const verified = verifyRequest(
    signable.message,
    signable.body,
    { keyId: key.keyId, publicKey },
    { now, maxAgeSeconds },
  );
  const { db } = ctx.services;
  try {
    await db.usedSignatureNonce.create({
      data: {
        keyId: key.keyId,
        nonce: verified.nonce,
        // Kept as long as a signature with this `created` could be accepted, and a minute more.
        expiresAt: new Date((verified.created + maxAgeSeconds + 60) * 1000),
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new SignatureProblem('nonce-replayed', 'This signature nonce was already used: sign each request anew.');
    }
    throw error;
  }
  await db.usedSignatureNonce.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  return verified;
}

/**
 * Refuses (throws SIGNATURE_REQUIRED or SIGNATURE_INVALID, with a `reason`) unless this request is signed
 * with the signing key of `viewer`; nothing to do for an agent without one.
 */
export async function requireSignature(ctx: Context, viewer: Viewer, renewal = false): Promise<void> {
  const key = viewer.signingKey;
  if (!key) return;
  const source = ctx.signable?.source ?? ctx;
  let check = checked.get(source);
  if (!check) {
    check = verifyOnce(ctx, key, renewal);
    checked.set(source, check);
  }
  try {
    await check;
  } catch (error) {
    if (error instanceof SignatureProblem) throw refusal(error);
    throw error;
  }
}

/**
 * The yoga plugin: a mutation by an agent with a signing key runs only on a request signed with it.
 * Placed before the rate limiter (a thief's unsigned attempts do not spend the agent's budget); its
 * refusals count against the address's budget of authentication refusals and are audited.
 */
export function signaturePlugin(): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue;
      const viewer = ctx.viewer;
      if (!viewer?.signingKey) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      try {
        await requireSignature(ctx, viewer, onlyRenewals(args.document, args.operationName));
      } catch (error) {
        if (!(error instanceof MoltbookError)) throw error;
        const { refused } = await ctx.services.limiter.hit('authRefusal', { id: ctx.clientAddress });
        if (refused) return setResultAndStopExecution({ errors: [refused] });
        await ctx.services.audit.append(...mutationEntries(args.document, args.operationName, ctx, [error]));
        setResultAndStopExecution({ errors: [error] });
      }
    },
  };
}

/** The signing key an agent shows on its profile. */
export interface SigningKeyInfo {
  keyId: string;
  publicKey: string;
  addedAt: Date;
  expiresAt: Date | null;
}

/** The row columns a profile reads. */
export const SIGNING_KEY_SELECT = {
  signingKey: true,
  signingKeyId: true,
  signingKeyAddedAt: true,
  signingKeyExpiresAt: true,
} as const;

export function signingKeyInfo(row: {
  signingKey: string | null;
  signingKeyId: string | null;
  signingKeyAddedAt: Date | null;
  signingKeyExpiresAt: Date | null;
}): SigningKeyInfo | null {
  if (!row.signingKey || !row.signingKeyId || !row.signingKeyAddedAt) return null;
  return {
    keyId: row.signingKeyId,
    publicKey: row.signingKey,
    addedAt: row.signingKeyAddedAt,
    expiresAt: row.signingKeyExpiresAt,
  };
}

export interface SigningKeyInput {
  publicKey: string;
  expiresInDays?: number | null;
}

/** The checked columns of a new signing key. */
function newKey(input: SigningKeyInput) {
  let x: string;
  try {
    x = parsePublicKey(input.publicKey).x;
  } catch (error) {
    throw badInput((error as Error).message, 'publicKey');
  }
  const days = input.expiresInDays;
  if (days !== null && days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_SIGNING_KEY_DAYS)) {
    throw badInput(
      `A signing key lives 1 to ${MAX_SIGNING_KEY_DAYS} days (or leave expiresInDays out).`,
      'expiresInDays',
    );
  }
  const now = Date.now();
  return {
    signingKey: x,
    signingKeyId: jwkThumbprint(x),
    signingKeyAddedAt: new Date(now),
    signingKeyExpiresAt: days ? new Date(now + days * DAY_MS) : null,
  };
}

const NO_KEY = { signingKey: null, signingKeyId: null, signingKeyAddedAt: null, signingKeyExpiresAt: null };

async function store(ctx: Context, agentId: string, data: ReturnType<typeof newKey> | typeof NO_KEY) {
  const { db, keyCache } = ctx.services;
  await db.agent.update({ where: { id: agentId }, data });
  // Every instance forgets the agent's cached keys (and with them its signing key) before the answer.
  await keyCache.changed(agentId);
}

/** Sets (or replaces) the calling agent's signing key. Returns the agent's id. */
export async function setSigningKey(ctx: Context, input: SigningKeyInput): Promise<string> {
  const viewer = ctx.viewer!;
  const data = newKey(input);
  await store(ctx, viewer.id, data);
  await ctx.services.audit.append(
    entryFor(ctx, {
      operation: 'signingKey.set',
      outcome: 'ok',
      detail: { signingKeyId: data.signingKeyId, replaces: viewer.signingKey?.keyId ?? null },
    }),
  );
  return viewer.id;
}

/** Removes the calling agent's signing key (its writes need only the bearer key again). */
export async function removeSigningKey(ctx: Context): Promise<boolean> {
  const viewer = ctx.viewer!;
  if (!viewer.signingKey) return false;
  await store(ctx, viewer.id, NO_KEY);
  await ctx.services.audit.append(
    entryFor(ctx, {
      operation: 'signingKey.removed',
      outcome: 'ok',
      detail: { signingKeyId: viewer.signingKey.keyId },
    }),
  );
  return true;
}

/** The owner (owner assertion) sets or, with `input` null, removes the signing key of its agent `name`. */
export async function ownerSetSigningKey(ctx: Context, name: string, input: SigningKeyInput | null): Promise<string> {
  const data = input ? newKey(input) : NO_KEY;
  const { ownerId, agentId } = await ownAgent(ctx, name);
  await store(ctx, agentId, data);
  await ctx.services.audit.append({
    agentId,
    operation: input ? 'owner.setAgentSigningKey' : 'owner.removeAgentSigningKey',
    clientAddress: ctx.clientAddress,
    outcome: 'ok',
    detail: { ownerId, signingKeyId: data.signingKeyId },
  });
  return agentId;
}
