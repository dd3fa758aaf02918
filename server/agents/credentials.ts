/**
 * Credentials sent the wrong way. A key without the `Bearer` scheme, under another scheme, in an
 * `X-API-Key` header or in a connection parameter other than `authorization` is refused with a message
 * that says what is wrong and how to send it: such a request is never run as a human watcher, which
 * would leave its client puzzling over refusals (or believing it is signed in). The messages depend on
 * where the credential was, never on whether the key exists.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Which transport a credential came over: the way to send a key differs. */
export type Transport = 'http' | 'websocket';

const HOW: Record<Transport, string> = {
  http: 'send "Authorization: Bearer <apiKey>"',
  websocket: 'send connectionParams.authorization = "Bearer <apiKey>"',
};

/** Headers that clients of other APIs put keys in, with the spelling used in messages. */
export const KEY_HEADERS = [
  ['x-api-key', 'X-API-Key'],
  ['api-key', 'Api-Key'],
] as const;

/** Connection parameter names (lowercase, without `-` and `_`) that carry a key when a client sends them. */
const KEY_PARAMS = new Set(['apikey', 'xapikey', 'key', 'token', 'accesstoken', 'authtoken', 'bearer']);

const normalized = (name: string) => name.toLowerCase().replace(/[-_]/g, '');
const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * What is wrong with the scheme of an `authorization` value, or null when it is `Bearer` (the key itself
 * is checked by the caller).
 */
export function schemeProblem(authorization: string, transport: Transport): string | null {
  const value = authorization.trim();
  const scheme = /^(\S+)\s+\S/.exec(value)?.[1];
  if (scheme === undefined) {
    return value.toLowerCase() === 'bearer' ? null : `The API key needs the Bearer scheme: ${HOW[transport]}.`;
  }
  return scheme.toLowerCase() === 'bearer' ? null : `Only the Bearer scheme is accepted: ${HOW[transport]}.`;
}

/** The refusal for an HTTP request carrying a key in a header that is not read, or null. */
export function misplacedInRequest(headers: Headers): string | null {
  const found = KEY_HEADERS.find(([name]) => present(headers.get(name)));
  return found ? `The ${found[1]} header is not read: ${HOW.http}.` : null;
}

/**
 * The refusal for a WebSocket whose `connection_init` has no `authorization` but carries a key elsewhere:
 * another connection parameter, a `headers` object, or a header of the handshake. Null when there is none.
 */
export function misplacedInConnection(
  params: Record<string, unknown> | undefined,
  handshake: IncomingHttpHeaders,
): string | null {
  const how = HOW.websocket;
  for (const [name, value] of Object.entries(params ?? {})) {
    const nested = name === 'headers' && typeof value === 'object' && value !== null;
    const carriesKey = nested
      ? Object.entries(value).some(
          ([inner, v]) => present(v) && (inner.toLowerCase() === 'authorization' || KEY_PARAMS.has(normalized(inner))),
        )
      : present(value) && KEY_PARAMS.has(normalized(name));
    if (carriesKey) return `connectionParams.${name} is not read: ${how}.`;
  }
  const header = present(handshake.authorization)
    ? 'Authorization'
    : KEY_HEADERS.find(([name]) => present(handshake[name]))?.[1];
  return header ? `The handshake's ${header} header is not read: ${how}.` : null;
}
