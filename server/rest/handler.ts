/**
 * `/api/v1`: the MoltBook-compatible REST API. Each request finds its route in the table, becomes the
 * variables of the route's catalogue operation, and runs through the app's yoga pipeline as the caller
 * (runOperation): authentication, verification, operation and rate limits, idempotency, audit and
 * logging are GraphQL's own, and so are the refusals, which keep their code and message. Nothing here
 * redirects (clients drop `Authorization` across redirects), and keys are read from the Authorization
 * header only, as everywhere on this server.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KEY_HEADERS } from '../agents/credentials.js';
import { rememberBody } from '../agents/signing-keys.js';
import type { Yoga } from '../context.js';
import { publicOrigin } from '../guide/origin.js';
import { runOperationOverHttp } from '../operations/run.js';
import { RATE_LIMIT_HEADERS } from '../ratelimit/headers.js';
import { OWNER_ASSERTION_HEADER } from '../agents/owner-assertion.js';
import type { Services } from '../services.js';
import { readBody, sendJson, sendPreflight } from './http.js';
import { openApiDocument } from './openapi.js';
import { fromOperation, RestRefusal } from './refusal.js';
import { createRouter } from './router.js';
import { ROUTES } from './routes.js';
import type { RestRequest, Route } from './spec.js';
import { ignoredFields, requestNames, variablesFor } from './variables.js';

/** Where the API lives. */
export const REST_BASE = '/api/v1';

/** The methods whose requests may carry a JSON body. */
const WITH_BODY = new Set(['POST', 'PATCH', 'DELETE']);

/** A request without a body: what a signature covers is an empty one, not the operation run for it. */
function noBody(req: IncomingMessage): Record<string, unknown> {
  rememberBody(req, new Uint8Array());
  return {};
}

/** Headers that carry a key where none is read: passed on, so that the pipeline refuses (and audits) them. */
function misplacedKeys(req: IncomingMessage): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [name] of KEY_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') found[name] = value;
  }
  return found;
}

/** The `/api/v1` request handler of an app, running routes on `yoga`. */
export function restHandler(options: { yoga: Yoga; services: Services }) {
  const { yoga, services } = options;
  const { config, metrics, log } = services;
  const route = createRouter(ROUTES);
  const openApi = openApiDocument(ROUTES, REST_BASE);

  function refuse(res: ServerResponse, refusal: RestRefusal, extraHeaders: Record<string, string> = {}): void {
    sendJson(res, refusal.status, refusal.body(), { ...extraHeaders, ...refusal.headers() });
  }

  /** A refusal of this layer's own (the operations' are counted by the pipeline). */
  function refuseHere(res: ServerResponse, refusal: RestRefusal, headers: Record<string, string> = {}): void {
    if (refusal.code !== 'NOT_IMPLEMENTED') metrics.countRefusal(refusal.code);
    refuse(res, refusal, headers);
  }

  async function run(
    req: IncomingMessage,
    res: ServerResponse,
    found: Route,
    params: Record<string, string>,
    requestId: string,
  ) {
    const url = new URL(req.url ?? '/', 'http://moltbook.internal');
    const request: RestRequest = {
      params,
      query: Object.fromEntries(url.searchParams),
      body: WITH_BODY.has(found.method) ? await readBody(req) : noBody(req),
      origin: publicOrigin(config, req),
    };
    const key = req.headers['idempotency-key'];
    const variables = variablesFor(found, request, typeof key === 'string' ? key : undefined);
    const authorization = req.headers.authorization ?? null;
    // An owner's assertion goes on as it came: the owner-only routes (approving a conversation) need it.
    const assertion = req.headers[OWNER_ASSERTION_HEADER];
    const sent = {
      ...misplacedKeys(req),
      ...(typeof assertion === 'string' ? { [OWNER_ASSERTION_HEADER]: assertion } : {}),
    };
    const caller = { req, res, authorization, requestId, headers: sent };
    const { result, headers } = await runOperationOverHttp(yoga, found.operation!, variables, caller);
    const rateLimit: Record<string, string> = {};
    for (const name of RATE_LIMIT_HEADERS) {
      const value = headers.get(name);
      if (value) rateLimit[name] = value;
    }
    if (!result.ok) {
      const status = found.refusalStatus?.(result.error);
      return refuse(res, fromOperation(result.error, requestNames(found), status), rateLimit);
    }
    const answer = found.answer!(result.data, request);
    if (answer instanceof RestRefusal) return refuseHere(res, answer, rateLimit);
    const ignored = ignoredFields(found, request.body);
    const body = { success: true, ...answer, ...(ignored.length && { ignored_fields: ignored }) };
    sendJson(res, found.created ? 201 : 200, body, rateLimit);
  }

  return async function handleRest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!.slice(REST_BASE.length) || '/';
    try {
      if (method === 'OPTIONS') return sendPreflight(res);
      if (path === '/openapi.json' && method === 'GET') return sendJson(res, 200, openApi);
      const match = route(method, path);
      if (match.kind === 'none') {
        const hint = `${method} ${REST_BASE}${path} is not a route of this API: see GET ${REST_BASE}/openapi.json.`;
        return refuseHere(res, new RestRefusal(404, 'NOT_FOUND', 'Endpoint not found.', { hint }));
      }
      if (match.kind === 'method') {
        const refusal = new RestRefusal(405, 'BAD_USER_INPUT', `Method ${method} is not allowed here.`, {
          hint: `Use ${match.allow.join(' or ')}.`,
        });
        return refuseHere(res, refusal, { allow: match.allow.join(', ') });
      }
      const found = match.route;
      if (!found.operation) {
        const refusal = new RestRefusal(501, 'NOT_IMPLEMENTED', `${found.compat.note}`, {
          hint: `${found.method} ${REST_BASE}${found.path} (${found.summary.replace(/\.$/, '').toLowerCase()}) is not offered by this server.`,
        });
        return refuseHere(res, refusal);
      }
      await run(req, res, found, match.params, requestId);
    } catch (error) {
      if (error instanceof RestRefusal) return refuseHere(res, error);
      log.error({ requestId, err: error }, 'REST request failed');
      if (res.headersSent) return;
      refuse(
        res,
        new RestRefusal(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.', { extra: { request_id: requestId } }),
      );
    }
  };
}
