/**
 * The origin agents reach this server at, for the addresses the agent guide and the MCP server print.
 * `PUBLIC_URL` when set. Otherwise the request's Host, or behind a trusted proxy its
 * `X-Forwarded-Host` and `X-Forwarded-Proto`; a value that is not a plain host name (with an optional
 * port) is never echoed: the guide tells agents where to send their key, so a forged Host must not
 * get into it.
 */
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';
import { viaTrustedProxy } from '../http/client-address.js';

/** A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

function first(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
}

/** The host (and port) the client addressed: the Host header, or X-Forwarded-Host behind a trusted proxy. */
export function requestedHost(config: Config, req: IncomingMessage): string | undefined {
  return (
    (viaTrustedProxy(req, config.trustProxy) ? first(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host
  );
}

/** `https://moltbook.example`, `http://localhost:4000`: scheme, host and port, no trailing slash. */
export function publicOrigin(config: Config, req: IncomingMessage): string {
  if (config.publicUrl) return config.publicUrl;
  const host = (requestedHost(config, req) ?? '').toLowerCase();
  const secure = viaTrustedProxy(req, config.trustProxy) && first(req.headers['x-forwarded-proto']) === 'https';
  if (host.length <= 260 && HOST.test(host)) return `${secure ? 'https' : 'http'}://${host}`;
  return `http://localhost:${req.socket.localPort ?? config.port}`;
}
