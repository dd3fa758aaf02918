/**
 * HTTP message signatures (RFC 9421) with Ed25519, in the style of the web-bot-auth drafts, and the
 * `Content-Digest` of RFC 9530: the parsing of the structured fields involved (RFC 8941 dictionaries,
 * inner lists, parameters, byte sequences), the signature base of RFC 9421 section 2.5, the key id (the
 * RFC 7638 JWK thumbprint) and the checks of one request. Pure: no database, no clock but the one given.
 * What a refusal means for the API (its code, the nonce store) is in signing-keys.ts.
 */
import { createHash, createPublicKey, verify as verifySignatureBytes, type KeyObject } from 'node:crypto';

/** A bare item of a structured field (the kinds these headers use). */
export type BareItem = string | number | boolean | Token | Uint8Array;

/** A token (unquoted), kept apart from strings so that it serializes back as it came. */
export class Token {
  constructor(readonly value: string) {}
}

export type Params = Map<string, BareItem>;
export interface Item {
  readonly value: BareItem;
  readonly params: Params;
}
export interface InnerList {
  readonly items: Item[];
  readonly params: Params;
}
export type Member = Item | InnerList;

/** A structured field that does not parse (RFC 8941 section 4.2). */
export class FieldSyntaxError extends Error {}

const isInnerList = (member: Member): member is InnerList => 'items' in member;

/** Parses an RFC 8941 dictionary (e.g. `Signature-Input`, `Signature`, `Content-Digest`). */
export function parseDictionary(input: string): Map<string, Member> {
  const parser = new FieldParser(input);
  const dictionary = parser.dictionary();
  return dictionary;
}

class FieldParser {
  private at = 0;
  constructor(private readonly s: string) {}

  dictionary(): Map<string, Member> {
    const out = new Map<string, Member>();
    this.spaces();
    if (this.done()) return out;
    for (;;) {
      const key = this.key();
      let member: Member;
      if (this.s[this.at] === '=') {
        this.at += 1;
        member = this.member();
      } else {
        member = { value: true, params: this.params() };
      }
      out.set(key, member);
      this.ows();
      if (this.done()) return out;
      this.expect(',');
      this.ows();
      if (this.done()) throw new FieldSyntaxError('a trailing comma');
    }
  }

  private member(): Member {
    if (this.s[this.at] === '(') return this.innerList();
    return { value: this.bareItem(), params: this.params() };
  }

  private innerList(): InnerList {
    this.expect('(');
    const items: Item[] = [];
    for (;;) {
      while (this.s[this.at] === ' ') this.at += 1;
      if (this.s[this.at] === ')') {
        this.at += 1;
        return { items, params: this.params() };
      }
      items.push({ value: this.bareItem(), params: this.params() });
      const next = this.s[this.at];
      if (next !== ' ' && next !== ')') throw new FieldSyntaxError('an inner list item not followed by a space');
    }
  }

  private params(): Params {
    const params: Params = new Map();
    while (this.s[this.at] === ';') {
      this.at += 1;
      while (this.s[this.at] === ' ') this.at += 1;
      const key = this.key();
      let value: BareItem = true;
      if (this.s[this.at] === '=') {
        this.at += 1;
        value = this.bareItem();
      }
      params.set(key, value);
    }
    return params;
  }

  private key(): string {
    const match = /^[a-z*][a-z0-9_.*-]*/.exec(this.s.slice(this.at));
    if (!match) throw new FieldSyntaxError(`a key expected at character ${this.at + 1}`);
    this.at += match[0].length;
    return match[0];
  }

  private bareItem(): BareItem {
    const c = this.s[this.at];
    const rest = this.s.slice(this.at);
    if (c === '"') return this.string();
    if (c === ':') {
      const match = /^:([A-Za-z0-9+/=]*):/.exec(rest);
      if (!match) throw new FieldSyntaxError('a malformed byte sequence');
      this.at += match[0].length;
      return new Uint8Array(Buffer.from(match[1]!, 'base64'));
    }
    if (c === '?') {
      if (rest[1] !== '0' && rest[1] !== '1') throw new FieldSyntaxError('a malformed boolean');
      this.at += 2;
      return rest[1] === '1';
    }
    const integer = /^-?\d{1,15}(?![.\d])/.exec(rest);
    if (integer) {
      this.at += integer[0].length;
      return Number(integer[0]);
    }
    const token = /^[A-Za-z*][A-Za-z0-9!#$%&'*+\-.^_`|~:/]*/.exec(rest);
    if (token) {
      this.at += token[0].length;
      return new Token(token[0]);
    }
    throw new FieldSyntaxError(`an unexpected character at ${this.at + 1}`);
  }

  private string(): string {
    this.at += 1;
    let out = '';
    for (;;) {
      const c = this.s[this.at];
      if (c === undefined) throw new FieldSyntaxError('an unterminated string');
      this.at += 1;
      if (c === '"') return out;
      if (c === '\\') {
        const next = this.s[this.at];
        if (next !== '"' && next !== '\\') throw new FieldSyntaxError('a bad escape in a string');
        out += next;
        this.at += 1;
      } else {
        const code = c.charCodeAt(0);
        if (code < 0x20 || code > 0x7e) throw new FieldSyntaxError('a non-ASCII character in a string');
        out += c;
      }
    }
  }

  private expect(c: string) {
    if (this.s[this.at] !== c) throw new FieldSyntaxError(`"${c}" expected at character ${this.at + 1}`);
    this.at += 1;
  }
  private spaces() {
    while (this.s[this.at] === ' ') this.at += 1;
  }
  private ows() {
    while (this.s[this.at] === ' ' || this.s[this.at] === '\t') this.at += 1;
  }
  private done() {
    return this.at >= this.s.length;
  }
}

function serializeBare(value: BareItem): string {
  if (typeof value === 'string') return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '?1' : '?0';
  if (value instanceof Token) return value.value;
  return `:${Buffer.from(value).toString('base64')}:`;
}

function serializeParams(params: Params): string {
  let out = '';
  for (const [key, value] of params) out += value === true ? `;${key}` : `;${key}=${serializeBare(value)}`;
  return out;
}

/** The RFC 8941 serialization of an inner list: the value of `@signature-params`. */
export function serializeInnerList(list: InnerList): string {
  const items = list.items.map((item) => serializeBare(item.value) + serializeParams(item.params));
  return `(${items.join(' ')})${serializeParams(list.params)}`;
}

/** The parts of an HTTP request that a signature may cover. */
export interface HttpMessage {
  /** The method, as sent (`POST`). */
  readonly method: string;
  /** `http` or `https`. */
  readonly scheme: string;
  /** The Host the request was sent to (`example.com`, `127.0.0.1:4000`). */
  readonly authority: string;
  /** The request target as sent: the absolute path and the query (`/foo?param=Value`). */
  readonly target: string;
  /** Every value of a header field (name in lower case), in order; undefined when it is absent. */
  header(name: string): readonly string[] | undefined;
}

/** Why a signature is not accepted: `reason` is a stable word, `message` says it to the agent. */
export class SignatureProblem extends Error {
  constructor(
    readonly reason: SignatureReason,
    message: string,
  ) {
    super(message);
  }
}

export type SignatureReason =
  | 'missing-signature'
  | 'malformed'
  | 'unknown-keyid'
  | 'unsupported'
  | 'missing-component'
  | 'too-old'
  | 'from-the-future'
  | 'expired'
  | 'bad-signature'
  | 'digest-mismatch'
  | 'nonce-replayed'
  | 'key-expired'
  | 'websocket';

const problem = (reason: SignatureReason, message: string) => new SignatureProblem(reason, message);

/** `@authority` (RFC 9421 section 2.2.3): the host in lower case, without a default port. */
function normalAuthority(authority: string, scheme: string): string {
  const lower = authority.trim().toLowerCase();
  if (scheme === 'http' && lower.endsWith(':80')) return lower.slice(0, -3);
  if (scheme === 'https' && lower.endsWith(':443')) return lower.slice(0, -4);
  return lower;
}

/** The value of one component identifier (RFC 9421 section 2.1 and 2.2) of `message`. */
function componentValue(message: HttpMessage, name: string): string {
  const [path, query] = splitTarget(message.target);
  switch (name) {
    case '@method':
      return message.method;
    case '@scheme':
      return message.scheme.toLowerCase();
    case '@authority':
      return normalAuthority(message.authority, message.scheme);
    case '@target-uri':
      return `${message.scheme.toLowerCase()}://${normalAuthority(message.authority, message.scheme)}${message.target}`;
    case '@request-target':
      return message.target;
    case '@path':
      return path || '/';
    case '@query':
      return `?${query ?? ''}`;
  }
  if (name.startsWith('@')) {
    throw problem('unsupported', `The component "${name}" is not supported here (sign @method, @path and headers).`);
  }
  const values = message.header(name);
  if (values === undefined) {
    throw problem('missing-component', `The signature covers the header "${name}", which the request does not carry.`);
  }
  // RFC 9421 section 2.1: each value trimmed, joined with a comma and a space.
  return values.map((v) => v.trim()).join(', ');
}

function splitTarget(target: string): [string, string | undefined] {
  const at = target.indexOf('?');
  return at < 0 ? [target, undefined] : [target.slice(0, at), target.slice(at + 1)];
}

/**
 * The signature base of RFC 9421 section 2.5: one line per covered component, in the order given, then
 * the `@signature-params` line. Throws a {@link SignatureProblem} for a component that cannot be had.
 */
export function signatureBase(message: HttpMessage, signatureParams: InnerList): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const item of signatureParams.items) {
    if (typeof item.value !== 'string') throw problem('malformed', 'Each covered component must be a quoted string.');
    if (item.params.size > 0) {
      throw problem('unsupported', `Component parameters (as on "${item.value}") are not supported here.`);
    }
    const name = item.value;
    if (name !== name.toLowerCase()) throw problem('malformed', `The component "${name}" must be in lower case.`);
    if (seen.has(name)) throw problem('malformed', `The component "${name}" is covered twice.`);
    seen.add(name);
    const value = componentValue(message, name);
    if (/[\r\n]/.test(value)) throw problem('malformed', `The value of "${name}" holds a line break.`);
    lines.push(`${serializeBare(name)}: ${value}`);
  }
  lines.push(`"@signature-params": ${serializeInnerList(signatureParams)}`);
  return lines.join('\n');
}

/** The raw 32 bytes of an Ed25519 public key given as base64url (or base64) or as a JWK (JSON). */
export function parsePublicKey(given: string): { x: string; key: KeyObject } {
  const text = given.trim();
  let x: string;
  if (text.startsWith('{')) {
    let jwk: { kty?: unknown; crv?: unknown; x?: unknown; d?: unknown };
    try {
      jwk = JSON.parse(text) as typeof jwk;
    } catch {
      throw new Error('The JWK is not valid JSON.');
    }
    if (jwk.d !== undefined) throw new Error('That JWK holds a private key ("d"): send only the public key.');
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
      throw new Error('The JWK must be an Ed25519 public key: {"kty":"OKP","crv":"Ed25519","x":"..."}.');
    }
    x = jwk.x;
  } else {
    x = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(x) || Buffer.from(x, 'base64url').length !== 32) {
    throw new Error('An Ed25519 public key is 32 bytes (43 characters of base64url).');
  }
  x = Buffer.from(x, 'base64url').toString('base64url');
  try {
    return { x, key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }) };
  } catch {
    throw new Error('That is not an Ed25519 public key.');
  }
}

/** The RFC 7638 JWK thumbprint (SHA-256, base64url) of an Ed25519 public key: its `keyid`. */
export function jwkThumbprint(x: string): string {
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

/** The digests RFC 9530 `Content-Digest` may carry that are checked here. */
const DIGESTS: Record<string, string> = { 'sha-256': 'sha256', 'sha-512': 'sha512' };

/** The `Content-Digest` value of `body` (sha-256). */
export function contentDigest(body: Uint8Array): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/** Checks a `Content-Digest` against the body's bytes: every known digest given must match, one at least. */
export function checkContentDigest(header: string, body: Uint8Array): void {
  let members: Map<string, Member>;
  try {
    members = parseDictionary(header);
  } catch (error) {
    throw problem('malformed', `The Content-Digest header does not parse: ${(error as Error).message}.`);
  }
  let checked = 0;
  for (const [name, member] of members) {
    const algorithm = DIGESTS[name];
    if (!algorithm) continue;
    if (isInnerList(member) || !(member.value instanceof Uint8Array)) {
      throw problem('malformed', `The Content-Digest "${name}" must be a byte sequence (:base64:).`);
    }
    const actual = createHash(algorithm).update(body).digest();
    if (!actual.equals(member.value)) {
      throw problem('digest-mismatch', `The Content-Digest (${name}) does not match the body that arrived.`);
    }
    checked += 1;
  }
  if (checked === 0) throw problem('unsupported', 'The Content-Digest must carry sha-256 (or sha-512).');
}

/** What verifying a request's signature found. */
export interface VerifiedSignature {
  readonly label: string;
  readonly keyId: string;
  readonly nonce: string;
  /** The signature's `created`, in seconds since the epoch. */
  readonly created: number;
}

/** The key a request must be signed with. */
export interface SigningKey {
  readonly keyId: string;
  readonly publicKey: KeyObject;
}

export interface VerifyOptions {
  /** Now, in milliseconds since the epoch. */
  readonly now: number;
  /** How far `created` (and a covered `Date`) may be from now, in seconds. */
  readonly maxAgeSeconds: number;
}

const header1 = (message: HttpMessage, name: string) => {
  const values = message.header(name);
  return values === undefined ? undefined : values.join(', ');
};

/**
 * Verifies the signature of `message` (whose body is `body`) made with `key`: the `Signature-Input`
 * member naming the key's id, its covered components (`@method`; `@path`, `@target-uri` or
 * `@request-target`; `content-digest` when there is a body), `created` within `maxAgeSeconds` of now, a
 * `nonce`, `alg` "ed25519" if given, `tag` "web-bot-auth" if given, `expires` in the future if given, a
 * covered `Date` within the window, the Ed25519 signature over the RFC 9421 base, and the
 * `Content-Digest` against the body. The nonce is not checked for reuse here.
 */
export function verifyRequest(
  message: HttpMessage,
  body: Uint8Array,
  key: SigningKey,
  options: VerifyOptions,
): VerifiedSignature {
  const input = header1(message, 'signature-input');
  const signatures = header1(message, 'signature');
  if (input === undefined || signatures === undefined) {
    const missing = input === undefined ? 'Signature-Input' : 'Signature';
    throw problem(
      'missing-signature',
      `This agent signs its writes: the request has no ${missing} header (RFC 9421, keyid "${key.keyId}").`,
    );
  }
  let inputs: Map<string, Member>;
  let values: Map<string, Member>;
  try {
    inputs = parseDictionary(input);
    values = parseDictionary(signatures);
  } catch (error) {
    throw problem('malformed', `The signature headers do not parse: ${(error as Error).message}.`);
  }
  const found = [...inputs].find(([, member]) => isInnerList(member) && member.params.get('keyid') === key.keyId) as
    [string, InnerList] | undefined;
  if (!found) {
    const given = [...inputs.values()].map((m) => m.params.get('keyid')).filter((k) => typeof k === 'string');
    throw problem(
      'unknown-keyid',
      `No signature names this agent's signing key (keyid "${key.keyId}")` +
        (given.length ? `; the request names ${given.map((k) => `"${k}"`).join(', ')}.` : '.'),
    );
  }
  const [label, params] = found;
  const signature = values.get(label);
  if (!signature || isInnerList(signature) || !(signature.value instanceof Uint8Array)) {
    throw problem('malformed', `The Signature header has no byte sequence for the label "${label}".`);
  }

  const alg = params.params.get('alg');
  if (alg !== undefined && alg !== 'ed25519') {
    throw problem('unsupported', `The signature's alg must be "ed25519" (given ${serializeBare(alg)}).`);
  }
  const tag = params.params.get('tag');
  if (tag !== undefined && tag !== 'web-bot-auth') {
    throw problem('unsupported', `The signature's tag, when given, must be "web-bot-auth".`);
  }
  const created = params.params.get('created');
  if (typeof created !== 'number') throw problem('missing-component', 'The signature needs its `created` parameter.');
  const nonce = params.params.get('nonce');
  if (typeof nonce !== 'string' || nonce.length < 8 || nonce.length > 200) {
    throw problem('missing-component', 'The signature needs a `nonce` parameter (8 to 200 characters), new each time.');
  }
  const covered = new Set(params.items.map((item) => item.value));
  if (!covered.has('@method')) throw problem('missing-component', 'The signature must cover "@method".');
  if (!covered.has('@path') && !covered.has('@target-uri') && !covered.has('@request-target')) {
    throw problem('missing-component', 'The signature must cover "@path" (or "@target-uri").');
  }
  if (body.length > 0 && !covered.has('content-digest')) {
    throw problem('missing-component', 'The request has a body: the signature must cover "content-digest".');
  }

  const now = options.now / 1000;
  const window = options.maxAgeSeconds;
  if (created < now - window) {
    throw problem(
      'too-old',
      `The signature was created ${Math.round(now - created)} s ago; at most ${window} s is accepted.`,
    );
  }
  if (created > now + window)
    throw problem('from-the-future', 'The signature was created in the future: check your clock.');
  const expires = params.params.get('expires');
  if (expires !== undefined && (typeof expires !== 'number' || expires <= now)) {
    throw problem('expired', 'The signature expired (its `expires` parameter has passed).');
  }
  if (covered.has('date')) {
    const date = Date.parse(header1(message, 'date') ?? '');
    if (Number.isNaN(date)) throw problem('malformed', 'The covered Date header is not an HTTP date.');
    if (Math.abs(date / 1000 - now) > window) {
      throw problem('too-old', `The Date header is more than ${window} s away from the server's clock.`);
    }
  }

  const base = signatureBase(message, params);
  if (!verifySignatureBytes(null, Buffer.from(base), key.publicKey, signature.value)) {
    throw problem(
      'bad-signature',
      "The signature does not verify with this agent's signing key (build the base as RFC 9421 section 2.5 says).",
    );
  }
  const digest = header1(message, 'content-digest');
  if (digest !== undefined) checkContentDigest(digest, body);
  else if (body.length > 0) throw problem('missing-component', 'The request has a body and no Content-Digest header.');
  return { label, keyId: key.keyId, nonce, created };
}
