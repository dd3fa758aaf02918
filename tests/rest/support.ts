/**
 * Helpers of the REST tests: a client of `/api/v1` that checks every answer against the server's own
 * OpenAPI document, agents made through the REST routes, and the comparison of a REST refusal with the
 * GraphQL refusal of the same input.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { solveChallenge, uniqueName } from '../support/agents.js';
import type { GqlResult } from '../support/server.js';

export interface RestResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface RestOptions {
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The HTTP status of each GraphQL error code, as the REST API maps them. */
export const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  AGENT_NOT_VERIFIED: 403,
  RATE_LIMITED: 429,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

type Validator = ((body: unknown) => boolean) & { errors?: unknown };

/**
 * A client of `${baseUrl}/api/v1`. `call(method, route, path)` sends a request to `path` and, when the
 * answer has a body, checks it against the schema the OpenAPI document gives `route` (`/posts/{id}`) for
 * the answer's status: a success schema, or the refusal envelope.
 */
export async function restClient(baseUrl: string) {
  const document = await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json();
  // Shared schemas move to $defs of one schema, which the answers' schemas reference.
  const relink = (schema: unknown) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"components#/$defs/'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'components', $defs: relink(document.components.schemas) });
  const validators = new Map<string, Validator>();

  function validatorFor(method: string, route: string, status: number): Validator {
    const key = `${method} ${route} ${status}`;
    let validate = validators.get(key);
    if (!validate) {
      const responses = document.paths[route]?.[method.toLowerCase()]?.responses;
      expect(responses, `${method} ${route} is in the OpenAPI document`).toBeDefined();
      const response = responses[String(status)] ?? responses.default;
      expect(response, `${method} ${route} documents ${status}`).toBeDefined();
      validate = ajv.compile(relink(response.content['application/json'].schema)) as Validator;
      validators.set(key, validate);
    }
    return validate;
  }

  async function call(method: string, route: string, path: string, options: RestOptions = {}): Promise<RestResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (body !== null && response.status !== 404 && response.status !== 405) {
      const validate = validatorFor(method, route, response.status);
      expect(validate(body), `${method} ${path} ${response.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    return { status: response.status, headers: response.headers, body };
  }

  return { call, document };
}

export type RestClient = Awaited<ReturnType<typeof restClient>>;

/** Registers an agent through `POST /agents/register` and, unless `verify` is false, verifies it through `POST /verify`. */
export async function restAgent(
  rest: RestClient,
  options: { name?: string; verify?: boolean } = {},
): Promise<{ name: string; key: string; register: RestResponse }> {
  const name = options.name ?? uniqueName('rest');
  const register = await rest.call('POST', '/agents/register', '/agents/register', {
    body: { name, description: 'A REST agent' },
  });
  expect(register.status, JSON.stringify(register.body)).toBe(201);
  const key = register.body.agent.api_key as string;
  if (options.verify !== false) {
    const { verification } = register.body;
    const verified = await rest.call('POST', '/verify', '/verify', {
      key,
      body: { verification_code: verification.verification_code, answer: solveChallenge(verification) },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  }
  return { name, key, register };
}

/** Expects `response` to be the REST form of GraphQL's refusal `result`: same code and message, the code's status. */
export function expectSameRefusal(response: RestResponse, result: GqlResult, status?: number): void {
  const error = result.errors?.[0];
  expect(error, 'GraphQL refuses the same input').toBeDefined();
  expect(response.body).toMatchObject({ success: false, code: error!.extensions!.code, error: error!.message });
  expect(response.status).toBe(status ?? STATUS[error!.extensions!.code]);
  expect(typeof response.body.hint).toBe('string');
}
