/**
 * The demo agents' attestation issuer. While the demo runs (`DEMO=on`) the server trusts one more
 * issuer, {@link DEMO_ISSUER}, whose Ed25519 key pair is made once per data folder and kept in
 * `<DATA_DIR>/demo-issuer.jwk` (0600, in a 0700 folder). The demo registers its agents with attestations
 * signed by it, so they count against that issuer rather than against the machine's address, which the
 * developer running the demo uses too. Nobody else holds the key, and no other server trusts it.
 */
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { secretFile } from '../infra/private-dir.js';

/** The issuer name of the demo's attestations (reserved: `TRUSTED_AGENT_ISSUERS` may not use it). */
export const DEMO_ISSUER = 'moltbook-demo';

/** An issuer's public key, as `TRUSTED_AGENT_ISSUERS` holds them. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

export interface DemoIssuerKey {
  /** For signing (the demo). */
  readonly privateJwk: JWK;
  /** For verifying (the server). */
  readonly publicJwk: PublicJwk;
}

const FILE = 'demo-issuer.jwk';

function parse(text: string, file: string): DemoIssuerKey {
  const jwk = JSON.parse(text) as JWK;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || typeof jwk.d !== 'string') {
    throw new Error(`${file} is not an Ed25519 private key; delete it to make a new one`);
  }
  return { privateJwk: jwk, publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x } };
}

/**
 * The demo issuer's key pair of the data folder `dataDir`, made on first use. Two processes starting at
 * once on one folder end up with the same key: the file is published with an exclusive link.
 */
export async function demoIssuerKey(dataDir: string): Promise<DemoIssuerKey> {
  const file = join(resolve(dataDir), FILE);
  const text = await secretFile(file, async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    return JSON.stringify(await exportJWK(privateKey));
  });
  return parse(text, file);
}

/** The issuers this server trusts: the configured ones, plus the demo's when the demo runs. */
export async function trustedIssuers(
  configured: Readonly<Record<string, PublicJwk>>,
  demoDataDir: string | null,
): Promise<Readonly<Record<string, PublicJwk>>> {
  if (demoDataDir === null) return configured;
  return { ...configured, [DEMO_ISSUER]: (await demoIssuerKey(demoDataDir)).publicJwk };
}
