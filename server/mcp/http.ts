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
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import type { Yoga } from '../context.js';
import { OPERATION_LIMITS } from '../http/limits.js';
import type { Metrics } from '../infra/metrics.js';
import { publicOrigin, requestedHost } from '../guide/origin.js';
import type { Services } from '../services.js';
import { buildMcpServer, prepareTools, type McpApp } from './server.js';

/** JSON-RPC error codes used before the SDK takes over. */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;
/** The SDK's code for transport-level refusals. */
const TRANSPORT_ERROR = -32000;

function refuse(
  res: ServerResponse,
  metrics: Metrics,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  metrics.countRefusal(status === 413 ? 'QUERY_TOO_COMPLEX' : status === 403 ? 'FORBIDDEN' : 'BAD_USER_INPUT');
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

/**
 * Whether `hostname` (lowercase, as URL gives it) may name this server: the host of PUBLIC_URL, `localhost`, or an IP address (a
 * rebinding attack needs a name it controls, never an address).
 */
function isOwnHostname(hostname: string, config: Config): boolean {
  if (config.publicUrl && new URL(config.publicUrl).hostname === hostname) return true;
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare.endsWith('.localhost') || isIP(bare) !== 0;
}

function hostnameOf(value: string | undefined, prefix: string): string | null {
  if (!value) return null;
  try {
    return new URL(`${prefix}${value}`).hostname;
  } catch {
    return null;
  }
}

/** Reads the body up to `max` bytes; null when it is larger. */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The `/mcp` request handler of an app: its tools run on `yoga`, and `guide` is the agent guide. */
export function mcpHandler(options: {
  yoga: Yoga;
  schema: GraphQLSchema;
  services: Services;
  guide: (baseUrl: string) => string;
}) {
  const { yoga, schema, services, guide } = options;
  const { config, metrics } = services;
  const app: McpApp = { yoga, log: services.log, tools: prepareTools(schema), guide };
  return async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = hostnameOf(requestedHost(config, req), 'http://');
    if (!host || !isOwnHostname(host, config)) {
      return refuse(
        res,
        metrics,
        403,
        TRANSPORT_ERROR,
        'This server does not answer to that Host name (set PUBLIC_URL).',
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !isOwnHostname(hostnameOf(origin, '') ?? '', config)) {
      return refuse(res, metrics, 403, TRANSPORT_ERROR, 'Requests from that Origin are not allowed.');
    }
    if (req.method !== 'POST') {
      return refuse(
        res,
        metrics,
        405,
        TRANSPORT_ERROR,
        'Method not allowed: this stateless endpoint takes POST only.',
        {
          allow: 'POST',
        },
      );
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    const body = declared > OPERATION_LIMITS.maxBodyBytes ? null : await readBody(req, OPERATION_LIMITS.maxBodyBytes);
    if (!body) {
      return refuse(res, metrics, 413, TRANSPORT_ERROR, 'The request body is too large.', { connection: 'close' });
    }
    let message: unknown;
    try {
      message = JSON.parse(strictUtf8.decode(body));
    } catch {
      return refuse(res, metrics, 400, PARSE_ERROR, 'Parse error: the body is not valid UTF-8 JSON.');
    }
    if (Array.isArray(message)) {
      return refuse(
        res,
        metrics,
        400,
        INVALID_REQUEST,
        'Batches are not supported: send one JSON-RPC message per request.',
      );
    }

    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    const caller = { req, res, authorization: req.headers.authorization ?? null, requestId };
    const server = buildMcpServer(app, caller, publicOrigin(config, req));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, message);
    } catch (error) {
      services.log.error({ requestId, err: error }, 'MCP request failed');
      if (!res.headersSent) refuse(res, metrics, 500, INTERNAL_ERROR, 'Internal error.');
    }
  };
}
