/**
 * `/mcp`: the MCP endpoint on the Streamable HTTP transport, stateless (each POST stands alone: no
 * session, no stream kept open), with JSON responses. The agent's key travels in each request's
 * `Authorization: Bearer` header and reaches the API unchanged, where it is checked like any other.
 *
 * Before the SDK sees a request: the Host (X-Forwarded-Host behind a trusted proxy) and the Origin, when
 * a browser sends one, must name this server, which defeats DNS rebinding against a server on a private
 * machine; only POST is served (no server-initiated stream, no session to delete); the body is capped
 * like GraphQL's, and JSON-RPC batches are refused (they left the protocol in 2025-06-18).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import type { Yoga } from '../context.js';
import { publicOrigin, requestedHost } from '../guide/origin.js';
import { NOT_JSON, parseStrictJson, readCappedBody } from '../http/body.js';
import type { Services } from '../services.js';
import type { McpApp } from './server.js';

/** A refusal answered before the SDK: HTTP status, JSON-RPC code, message, extra headers. */
interface Refusal {
  readonly status: number;
  readonly code: number;
  readonly message: string;
  readonly headers?: Record<string, string>;
}

/** The SDK's code for transport-level refusals. */
const TRANSPORT_ERROR = -32000;

const REFUSALS = {
  host: {
    status: 403,
    code: TRANSPORT_ERROR,
    message: 'This server does not answer to that Host name (set PUBLIC_URL).',
  },
  origin: { status: 403, code: TRANSPORT_ERROR, message: 'Requests from that Origin are not allowed.' },
  method: {
    status: 405,
    code: TRANSPORT_ERROR,
    message: 'Method not allowed: this stateless endpoint takes POST only.',
    headers: { allow: 'POST' },
  },
  tooLarge: {
    status: 413,
    code: TRANSPORT_ERROR,
    message: 'The request body is too large.',
    headers: { connection: 'close' },
  },
  parse: { status: 400, code: -32700, message: 'Parse error: the body is not valid UTF-8 JSON.' },
  batch: { status: 400, code: -32600, message: 'Batches are not supported: send one JSON-RPC message per request.' },
  internal: { status: 500, code: -32603, message: 'Internal error.' },
} as const satisfies Record<string, Refusal>;

/** The contract code each refusal is counted under in the metrics. */
const METRIC_CODE = { 403: 'FORBIDDEN', 413: 'QUERY_TOO_COMPLEX', 500: 'INTERNAL_SERVER_ERROR' } as Record<
  number,
  string
>;

/**
 * Whether `hostname` (lowercase, as URL gives it) may name this server: the host of PUBLIC_URL,
 * `localhost`, or an IP address (a rebinding attack needs a name it controls, never an address).
 */
function isOwnHostname(hostname: string, config: Config): boolean {
  if (config.publicUrl && new URL(config.publicUrl).hostname === hostname) return true;
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare.endsWith('.localhost') || isIP(bare) !== 0;
}

function hostnameOf(value: string | undefined, prefix: string): string {
  try {
    return value ? new URL(`${prefix}${value}`).hostname : '';
  } catch {
    return '';
  }
}

/** The refusal of a request that may not reach the SDK, before its body is read; null when it may. */
function refusalOf(req: IncomingMessage, config: Config): Refusal | null {
  if (!isOwnHostname(hostnameOf(requestedHost(config, req), 'http://'), config)) return REFUSALS.host;
  if (req.headers.origin !== undefined && !isOwnHostname(hostnameOf(req.headers.origin, ''), config)) {
    return REFUSALS.origin;
  }
  return req.method === 'POST' ? null : REFUSALS.method;
}

/** Reads the body (up to the limit) as one JSON-RPC message, or says why not. */
async function readMessage(req: IncomingMessage): Promise<{ parsed: unknown } | Refusal> {
  const bytes = await readCappedBody(req);
  if (!bytes) return REFUSALS.tooLarge;
  const message = parseStrictJson(bytes);
  if (message === NOT_JSON) return REFUSALS.parse;
  return Array.isArray(message) ? REFUSALS.batch : { parsed: message };
}

/** The `/mcp` request handler of an app: its tools run on `yoga`, and `guide` is the agent guide. */
export function mcpHandler(options: {
  yoga: Yoga;
  schema: GraphQLSchema;
  services: Services;
  guide: (baseUrl: string) => string;
}) {
  const { yoga, schema, services, guide } = options;
  const { config, metrics, log } = services;
  // The SDK is loaded, and the tools prepared, on the first request: a server nobody asks for MCP
  // starts without them.
  let loading: Promise<{ app: McpApp; answer: typeof import('./server.js').answerMcp }> | undefined;
  const load = async () => {
    const { answerMcp, prepareTools } = await import('./server.js');
    return { app: { yoga, log, tools: prepareTools(schema), guide }, answer: answerMcp };
  };

  function refuse(res: ServerResponse, refusal: Refusal): void {
    metrics.countRefusal(METRIC_CODE[refusal.status] ?? 'BAD_USER_INPUT');
    res
      .writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', ...refusal.headers })
      .end(JSON.stringify({ jsonrpc: '2.0', error: { code: refusal.code, message: refusal.message }, id: null }));
  }

  return async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const early = refusalOf(req, config);
    if (early) return refuse(res, early);
    const read = await readMessage(req);
    if (!('parsed' in read)) return refuse(res, read);
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    const caller = { req, res, authorization: req.headers.authorization ?? null, requestId };
    try {
      const { app, answer } = await (loading ??= load());
      await answer(app, caller, publicOrigin(config, req), read.parsed);
    } catch (error) {
      log.error({ requestId, err: error }, 'MCP request failed');
      if (!res.headersSent) refuse(res, REFUSALS.internal);
    }
  };
}
