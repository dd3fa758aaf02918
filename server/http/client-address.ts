/**
 * Where a request comes from, the same way for HTTP and WebSocket. Behind proxies, the client's address
 * is the rightmost `X-Forwarded-For` entry that is not a trusted proxy (the `proxy-addr` semantics):
 * each proxy appends the address it received the request from, so the entries on the left are whatever
 * the client wrote and are never read.
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/** Whether the hop at `address`, `hop` steps from this server (0: the socket's peer), is a trusted proxy. */
export type TrustProxy = (address: string, hop: number) => boolean;

/** Proxies on this machine or on a private network: what `TRUST_PROXY=on` trusts. */
export const PRIVATE_PROXIES = ['loopback', 'linklocal', 'uniquelocal'] as const;

/** What `TRUST_PROXY` accepts, for the configuration's error message. */
export const TRUST_PROXY_FORMS =
  'must be "off", "on" (proxies on loopback and private networks), a number of proxy hops, or a ' +
  'comma-separated list of proxy addresses and CIDR ranges (names: loopback, linklocal, uniquelocal)';

const trustNone: TrustProxy = () => false;

/**
 * Parses a `TRUST_PROXY` value into its trust function; throws a `TypeError` naming the bad part.
 * `off` and `0` trust nothing; `on` trusts {@link PRIVATE_PROXIES}; a number N trusts the N nearest
 * hops whoever they are; a list trusts those addresses and ranges.
 */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim();
  if (text === 'off' || text === '0') return trustNone;
  if (text === 'on') return proxyAddr.compile([...PRIVATE_PROXIES]);
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '')) throw new TypeError('an entry of the list is empty');
  return proxyAddr.compile(entries);
}

/** The client's address: the socket's peer, or the nearest forwarded address no trusted proxy vouches past. */
export function clientAddressOf(req: IncomingMessage, trust: TrustProxy): string {
  if (req.socket.remoteAddress === undefined) return 'unknown';
  return proxyAddr(req, trust);
}

/** True when the socket's peer is a trusted proxy, whose `X-Forwarded-*` headers may be read. */
export function viaTrustedProxy(req: IncomingMessage, trust: TrustProxy): boolean {
  const peer = req.socket.remoteAddress;
  return peer !== undefined && trust(peer, 0);
}
