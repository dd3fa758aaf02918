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

const refuse = (why: string) =>
  badInput(`The attestation is not valid: ${why}. Nothing was registered.`, 'attestation');

/**
 * Verifies `token` for the agent `name`: signature by a trusted issuer, `iss`, `sub` = name,
 * `aud` = `moltbook`, `iat` and `exp` present, not expired, `exp - iat` at most an hour, and a `jti`.
 * Throws `BAD_USER_INPUT` (field `attestation`) on any failure; never says which key would have worked.
 */
export async function verifyAttestation(issuers: TrustedIssuers, token: string, name: string): Promise<Attestation> {
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
      audience: ATTESTATION_AUDIENCE,
      subject: name,
      requiredClaims: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti'],
      maxTokenAge: MAX_ATTESTATION_LIFETIME_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') throw refuse('it has expired');
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
      const claim = (error as { claim?: string }).claim;
      throw refuse(claim === 'sub' ? 'it was issued for another name' : `its "${claim ?? 'claims'}" claim is wrong`);
    }
    throw refuse('its signature does not verify');
  }
  const { iat, exp, jti, owner } = payload as { iat: number; exp: number; jti: unknown; owner?: unknown };
  if (exp - iat > MAX_ATTESTATION_LIFETIME_SECONDS) throw refuse('it lives longer than an hour (exp - iat > 3600)');
  if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw refuse('it was issued in the future');
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 200) throw refuse('its "jti" claim is wrong');
  return { issuer, jti, expiresAt: new Date(exp * 1000), owner: ownerFromClaim(issuer, owner) };
}
