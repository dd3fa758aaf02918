/**
 * Attestations: a compact JWT, signed with EdDSA (Ed25519) by an agent platform the operator trusts
 * (`TRUSTED_AGENT_ISSUERS`), vouching that the name being registered belongs to one of its agents.
 * Checking the token is pure; remembering its `jti` (so it is accepted once) happens in the
 * registration transaction, in the `used_attestations` table.
 */
import { decodeJwt, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';
import { badInput } from '../errors.js';
import { ownerFromClaim, type OwnerClaim } from './owners.js';

/** The audience every attestation must name. */
export const ATTESTATION_AUDIENCE = 'moltbook';
/** Longest accepted lifetime (`exp - iat`), in seconds. */
export const MAX_ATTESTATION_LIFETIME_SECONDS = 3600;
/** Clock skew tolerated between the issuer and this server, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_TOKEN_LENGTH = 4096;

/** What a valid attestation proves, and what must be stored to refuse its replay. */
export interface Attestation {
  readonly issuer: string;
  readonly jti: string;
  readonly expiresAt: Date;
  /** The issuer's user who runs the agent (the optional `owner` claim, see owners.ts); null without one. */
  readonly owner: OwnerClaim | null;
}

/** The attestation issuers the operator trusts (`TRUSTED_AGENT_ISSUERS`), with their keys imported once. */
export class TrustedIssuers {
  private readonly imported = new Map<string, Promise<CryptoKey | Uint8Array>>();

  constructor(private readonly issuers: Readonly<Record<string, JWK>>) {}

  /** The public key of `issuer`, or null when it is not trusted. */
  keyOf(issuer: string): Promise<CryptoKey | Uint8Array> | null {
    if (issuer.length > 200 || !Object.hasOwn(this.issuers, issuer)) return null;
    let key = this.imported.get(issuer);
    if (!key) {
      key = importJWK(this.issuers[issuer]!, 'EdDSA');
      this.imported.set(issuer, key);
    }
    return key;
  }
}

/** What a verified token says: its issuer and its checked claims. */
export interface VerifiedToken {
  readonly issuer: string;
  readonly sub: string;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** What a kind of token must say, and how to word its refusal. */
export interface TokenRules {
  readonly audience: string;
  /** The subject it must name, when it is known beforehand. */
  readonly subject?: string;
  /** What to say when `sub` is another (default: its "sub" claim is wrong). */
  readonly otherSubject?: string;
  /** Longest accepted `exp - iat`, in seconds, worded for the refusal. */
  readonly maxLifetime: { readonly seconds: number; readonly words: string };
  readonly refuse: (why: string) => Error;
}

/**
 * Verifies a compact JWT signed (EdDSA, Ed25519) by a trusted issuer: `iss`, `sub`, `aud`, `iat`, `exp` and
 * `jti` present and right, not expired, not issued in the future, `exp - iat` within the rules. Throws
 * `rules.refuse(why)` on any failure; never says which key would have worked. Attestations and owner
 * assertions both pass here.
 */
export async function verifyIssuedToken(
  issuers: TrustedIssuers,
  token: string,
  rules: TokenRules,
): Promise<VerifiedToken> {
  const { refuse } = rules;
  if (token.length > MAX_TOKEN_LENGTH) throw refuse('it is too long');
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw refuse('it is not a compact JWT');
  }
  const key = typeof issuer === 'string' ? issuers.keyOf(issuer) : null;
  if (typeof issuer !== 'string' || key === null) throw refuse('its issuer is not trusted here');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, await key, {
      algorithms: ['EdDSA', 'Ed25519'],
      issuer,
      audience: rules.audience,
      subject: rules.subject,
      requiredClaims: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti'],
      maxTokenAge: rules.maxLifetime.seconds,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') throw refuse('it has expired');
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
      const claim = (error as { claim?: string }).claim;
      if (claim === 'sub' && rules.otherSubject) throw refuse(rules.otherSubject);
      throw refuse(`its "${claim ?? 'claims'}" claim is wrong`);
    }
    throw refuse('its signature does not verify');
  }
  const { sub, iat, exp, jti } = payload as { sub: string; iat: number; exp: number; jti: unknown };
  if (exp - iat > rules.maxLifetime.seconds) throw refuse(`it lives longer than ${rules.maxLifetime.words}`);
  if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw refuse('it was issued in the future');
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 200) throw refuse('its "jti" claim is wrong');
  return { issuer, sub, iat, exp, jti, claims: payload };
}

const refuse = (why: string) =>
  badInput(`The attestation is not valid: ${why}. Nothing was registered.`, 'attestation');

/**
 * Verifies `token` for the agent `name`: signature by a trusted issuer, `iss`, `sub` = name,
 * `aud` = `moltbook`, `iat` and `exp` present, not expired, `exp - iat` at most an hour, and a `jti`.
 * Throws `BAD_USER_INPUT` (field `attestation`) on any failure; never says which key would have worked.
 */
export async function verifyAttestation(issuers: TrustedIssuers, token: string, name: string): Promise<Attestation> {
  const { issuer, jti, exp, claims } = await verifyIssuedToken(issuers, token, {
    audience: ATTESTATION_AUDIENCE,
    subject: name,
    otherSubject: 'it was issued for another name',
    maxLifetime: { seconds: MAX_ATTESTATION_LIFETIME_SECONDS, words: 'an hour (exp - iat > 3600)' },
    refuse,
  });
  return { issuer, jti, expiresAt: new Date(exp * 1000), owner: ownerFromClaim(issuer, claims.owner) };
}
