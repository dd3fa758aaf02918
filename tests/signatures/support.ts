/**
 * An agent's side of signed writes, written from RFC 9421 and RFC 9530 as an agent would (no server
 * code): an Ed25519 key pair, and `signedFetch`, which signs a request's method, authority, path and
 * Content-Digest with `created`, a fresh `nonce`, `keyid` (the key's JWK thumbprint), `alg` and `tag`.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface Signer {
  readonly privateKey: KeyObject;
  /** The public key: base64url of its 32 bytes (the JWK `x`). */
  readonly publicKey: string;
  /** RFC 7638 thumbprint of the public JWK. */
  readonly keyId: string;
}

export function newSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const { x } = publicKey.export({ format: 'jwk' }) as { x: string };
  const keyId = createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
  return { privateKey, publicKey: x, keyId };
}

export interface SignOptions {
  /** Seconds since the epoch (default now). */
  created?: number;
  /** Default a new random one. */
  nonce?: string;
  /** The keyid named (default the signer's). */
  keyId?: string;
  /** The body the digest is computed over (default the body sent). */
  digestOf?: string;
  /** Leave "@authority" out (instances behind one load balancer see one Host; these tests reach each directly). */
  anyAuthority?: boolean;
}

/** The signature headers of a request of `method` to `url` carrying `body`. */
export function signatureHeaders(signer: Signer, method: string, url: string, body: string, options: SignOptions = {}) {
  const { host, pathname } = new URL(url);
  const digest = `sha-256=:${createHash('sha256')
    .update(options.digestOf ?? body)
    .digest('base64')}:`;
  const created = options.created ?? Math.floor(Date.now() / 1000);
  const nonce = options.nonce ?? randomBytes(32).toString('base64url');
  const components = ['"@method"', '"@authority"', '"@path"', '"content-digest"'];
  if (options.anyAuthority) components.splice(1, 1);
  const params =
    `(${components.join(' ')});created=${created};keyid="${options.keyId ?? signer.keyId}";` +
    `nonce="${nonce}";alg="ed25519";tag="web-bot-auth"`;
  const lines = [`"@method": ${method}`, `"@authority": ${host}`, `"@path": ${pathname}`];
  if (options.anyAuthority) lines.splice(1, 1);
  const base = [...lines, `"content-digest": ${digest}`, `"@signature-params": ${params}`].join('\n');
  const signature = sign(null, Buffer.from(base), signer.privateKey).toString('base64');
  return { 'content-digest': digest, 'signature-input': `sig1=${params}`, signature: `sig1=:${signature}:` };
}

export interface SignedResult {
  status: number;
  body: any;
}

/** Sends `body` (JSON text) by POST to `url` with `headers`, signed by `signer` unless null. */
export async function signedPost(
  signer: Signer | null,
  url: string,
  body: string,
  headers: Record<string, string>,
  options: SignOptions & { sendBody?: string } = {},
): Promise<SignedResult> {
  const signed = signer ? signatureHeaders(signer, 'POST', url, body, options) : {};
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers, ...signed },
    body: options.sendBody ?? body,
  });
  return { status: response.status, body: await response.json() };
}
