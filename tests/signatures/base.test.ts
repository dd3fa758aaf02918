/**
 * The signature module against RFC 9421's own example (Appendix B.2.6, ed25519, whose key is B.1.4) and
 * RFC 9530's digests, and each check of a request on its own.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkContentDigest,
  contentDigest,
  jwkThumbprint,
  parseDictionary,
  parsePublicKey,
  signatureBase,
  SignatureProblem,
  verifyRequest,
  type HttpMessage,
  type InnerList,
} from '../../server/agents/signatures.js';

/** RFC 9421 Appendix B.1.4, "test-key-ed25519" (a testing-only key pair). */
const RFC_KEY = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU',
  x: 'JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs',
};
const privateKey = createPrivateKey({ key: RFC_KEY, format: 'jwk' });

/** The example request of RFC 9421 Appendix B.2. */
function rfcRequest(extra: Record<string, string> = {}): HttpMessage {
  const headers: Record<string, string> = {
    host: 'example.com',
    date: 'Tue, 20 Apr 2021 02:07:55 GMT',
    'content-type': 'application/json',
    'content-digest':
      'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
    'content-length': '18',
    ...extra,
  };
  return {
    method: 'POST',
    scheme: 'https',
    authority: 'example.com',
    target: '/foo?param=Value&Pet=dog',
    header: (name) => (headers[name] === undefined ? undefined : [headers[name]!]),
  };
}
const RFC_BODY = new TextEncoder().encode('{"hello": "world"}');

const B26_INPUT =
  'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"';
const B26_SIGNATURE =
  'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:';
const B26_BASE = [
  '"date": Tue, 20 Apr 2021 02:07:55 GMT',
  '"@method": POST',
  '"@path": /foo',
  '"@authority": example.com',
  '"content-type": application/json',
  '"content-length": 18',
  '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
].join('\n');

const paramsOf = (input: string, label: string) => parseDictionary(input).get(label) as InnerList;

describe('RFC 9421 Appendix B.2.6 (ed25519)', () => {
  it('builds the signature base of the RFC', () => {
    expect(signatureBase(rfcRequest(), paramsOf(B26_INPUT, 'sig-b26'))).toBe(B26_BASE);
  });

  it("signs it to the RFC's signature (Ed25519 is deterministic)", () => {
    const signature = sign(null, Buffer.from(B26_BASE), privateKey).toString('base64');
    expect(`sig-b26=:${signature}:`).toBe(B26_SIGNATURE);
  });

  it("verifies the RFC's request, then refuses it where this server asks for more", () => {
    const { x, key } = parsePublicKey(RFC_KEY.x);
    const message = rfcRequest({ 'signature-input': B26_INPUT, signature: B26_SIGNATURE });
    const now = 1618884473 * 1000 + 5000;
    const at = (keyId: string) => () =>
      verifyRequest(message, RFC_BODY, { keyId, publicKey: key }, { now, maxAgeSeconds: 300 });
    // The RFC's keyid is a name, not the thumbprint; and its example has no nonce and no content-digest.
    expect(at(jwkThumbprint(x))).toThrow(/keyid/);
    expect(at('test-key-ed25519')).toThrow(/nonce/);
  });

  it("gives the key the web-bot-auth drafts' keyid (its JWK thumbprint)", () => {
    expect(jwkThumbprint(parsePublicKey(RFC_KEY.x).x)).toBe('poqkLGiymh_W0uP6PZFw-dvez3QJT5SolqXBCW38r0U');
    expect(parsePublicKey(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: RFC_KEY.x })).x).toBe(RFC_KEY.x);
    expect(() => parsePublicKey(JSON.stringify(RFC_KEY))).toThrow(/private key/);
    expect(() => parsePublicKey('abc')).toThrow(/32 bytes/);
  });
});

describe('RFC 9530 Content-Digest', () => {
  it('checks the examples of the RFC, sha-256 and sha-512', () => {
    checkContentDigest('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:', RFC_BODY);
    checkContentDigest(rfcRequest().header('content-digest')![0]!, RFC_BODY);
    expect(contentDigest(RFC_BODY)).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
  });

  it('refuses a digest of other bytes, an unknown algorithm alone, and a malformed field', () => {
    const other = new TextEncoder().encode('{"hello": "world!"}');
    const reason = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        return (error as SignatureProblem).reason;
      }
      return 'accepted';
    };
    expect(reason(() => checkContentDigest(contentDigest(RFC_BODY), other))).toBe('digest-mismatch');
    expect(reason(() => checkContentDigest('md5=:AAAA:', RFC_BODY))).toBe('unsupported');
    expect(reason(() => checkContentDigest('sha-256=X48E', RFC_BODY))).toBe('malformed');
  });
});

describe('a request signed the way this server asks', () => {
  const { x, key } = parsePublicKey(RFC_KEY.x);
  const keyId = jwkThumbprint(x);
  const body = new TextEncoder().encode('{"query":"mutation { x }"}');
  const created = 1_800_000_000;

  function signed(
    overrides: { components?: string; params?: string; headers?: Record<string, string>; body?: Uint8Array } = {},
  ) {
    const headers: Record<string, string> = {
      'content-digest': contentDigest(overrides.body ?? body),
      ...overrides.headers,
    };
    const message: HttpMessage = {
      method: 'POST',
      scheme: 'http',
      authority: '127.0.0.1:4000',
      target: '/graphql',
      header: (name) => (headers[name] === undefined ? undefined : [headers[name]!]),
    };
    const components = overrides.components ?? '"@method" "@path" "@authority" "content-digest"';
    const params = overrides.params ?? `;created=${created};keyid="${keyId}";nonce="n-0123456789";tag="web-bot-auth"`;
    const input = `sig1=(${components})${params}`;
    const base = signatureBase(message, paramsOf(input, 'sig1'));
    headers['signature-input'] = input;
    headers.signature = `sig1=:${sign(null, Buffer.from(base), privateKey).toString('base64')}:`;
    return message;
  }
  const check = (message: HttpMessage, sent = body, now = created * 1000) => {
    try {
      return verifyRequest(message, sent, { keyId, publicKey: key }, { now, maxAgeSeconds: 300 });
    } catch (error) {
      if (error instanceof SignatureProblem) return error.reason;
      throw error;
    }
  };

  it('accepts it and names its nonce', () => {
    expect(check(signed())).toEqual({ label: 'sig1', keyId, nonce: 'n-0123456789', created });
  });

  it('refuses each defect with its reason', () => {
    expect(check(signed(), new TextEncoder().encode('{"query":"mutation { y }"}'))).toBe('digest-mismatch');
    expect(check(signed(), body, (created + 301) * 1000)).toBe('too-old');
    expect(check(signed(), body, (created - 301) * 1000)).toBe('from-the-future');
    expect(check(signed({ components: '"@path" "content-digest"' }))).toBe('missing-component');
    expect(check(signed({ components: '"@method" "content-digest"' }))).toBe('missing-component');
    expect(check(signed({ components: '"@method" "@path"' }))).toBe('missing-component');
    expect(check(signed({ params: `;created=${created};keyid="${keyId}"` }))).toBe('missing-component');
    expect(check(signed({ params: `;created=${created};keyid="other";nonce="n-0123456789"` }))).toBe('unknown-keyid');
    expect(
      check(signed({ params: `;created=${created};keyid="${keyId}";nonce="n-0123456789";alg="rsa-pss-sha512"` })),
    ).toBe('unsupported');
    expect(
      check(signed({ params: `;created=${created};keyid="${keyId}";nonce="n-0123456789";expires=${created - 1}` })),
    ).toBe('expired');
    const withHeader = signed({
      components: '"@method" "@path" "content-digest" "x-extra"',
      headers: { 'x-extra': 'a' },
    });
    expect(check({ ...withHeader, header: (n) => (n === 'x-extra' ? undefined : withHeader.header(n)) })).toBe(
      'missing-component',
    );
    const tampered = signed();
    const original = tampered.header('signature')![0]!;
    const flipped = `sig1=:${Buffer.from(Buffer.from(original.slice(6, -1), 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64')}:`;
    expect(check({ ...tampered, header: (n) => (n === 'signature' ? [flipped] : tampered.header(n)) })).toBe(
      'bad-signature',
    );
    expect(check({ ...tampered, method: 'PUT' })).toBe('bad-signature');
    expect(check({ ...tampered, header: (n) => (n === 'signature' ? undefined : tampered.header(n)) })).toBe(
      'missing-signature',
    );
    expect(
      check({ ...tampered, header: (n) => (n === 'signature-input' ? ['sig1=(("x")'] : tampered.header(n)) }),
    ).toBe('malformed');
  });

  it('checks a covered Date against the window', () => {
    const date = new Date(created * 1000).toUTCString();
    expect(check(signed({ components: '"@method" "@path" "date" "content-digest"', headers: { date } }))).toMatchObject(
      {
        nonce: 'n-0123456789',
      },
    );
    const stale = new Date((created - 1000) * 1000).toUTCString();
    expect(check(signed({ components: '"@method" "@path" "date" "content-digest"', headers: { date: stale } }))).toBe(
      'too-old',
    );
  });
});
