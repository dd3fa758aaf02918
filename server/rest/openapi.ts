/**
 * `/api/v1/openapi.json`: the OpenAPI 3.1 document of the REST API, generated from the route table. Each
 * operation names the GraphQL operation it runs (`x-graphql-operation`) and each request field the
 * variable it feeds (`x-graphql-variable`), so the document is also the written mapping.
 */
import { VERSION } from '../infra/version.js';
import { SCHEMAS } from './schemas.js';
import type { Field, Returned, Route } from './spec.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const VERDICTS = {
  same: 'Same as MoltBook.',
  differs: 'Differs from MoltBook.',
  ours: "This server's addition.",
  absent: 'Not offered by this server (501).',
} as const;

/** The JSON Schema of a request field. */
function fieldSchema(field: Field): Record<string, unknown> {
  return {
    type: field.type === 'string|number' ? ['string', 'number'] : field.type,
    description: field.description,
    ...(field.values && { enum: field.values }),
    ...(field.default !== undefined && { default: field.default }),
    ...(field.to && { 'x-graphql-variable': field.to }),
  };
}

function parameters(route: Route): Record<string, unknown>[] {
  const of = (where: 'path' | 'query', fields: Readonly<Record<string, Field>> = {}) =>
    Object.entries(fields).map(([name, field]) => ({
      name,
      in: where,
      required: where === 'path' || field.required === true,
      description: field.description,
      schema: fieldSchema(field),
    }));
  const idempotency = route.idempotencyKey
    ? [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'A retry with the same key and request returns the first answer and changes nothing more.',
          schema: { type: 'string', 'x-graphql-variable': route.idempotencyKey },
        },
      ]
    : [];
  return [...of('path', route.params), ...of('query', route.query), ...idempotency];
}

function requestBody(route: Route): Record<string, unknown> | undefined {
  if (!route.body) return undefined;
  const properties = Object.fromEntries(Object.entries(route.body).map(([name, field]) => [name, fieldSchema(field)]));
  const required = Object.entries(route.body)
    .filter(([, field]) => field.required)
    .map(([name]) => name);
  return {
    required: required.length > 0,
    content: { 'application/json': { schema: { type: 'object', properties, required } } },
  };
}

function successSchema(returns: Readonly<Record<string, Returned>> = {}): Record<string, unknown> {
  const properties = Object.fromEntries(
    Object.entries(returns).map(([name, returned]) => [name, typeof returned === 'string' ? ref(returned) : returned]),
  );
  return {
    type: 'object',
    required: ['success', ...Object.keys(returns)],
    properties: {
      success: { const: true },
      ...properties,
      ignored_fields: {
        type: 'array',
        items: { type: 'string' },
        description: 'Body fields this server does not read.',
      },
    },
  };
}

function operation(route: Route): Record<string, unknown> {
  const refusal = { description: 'Refused.', content: { 'application/json': { schema: ref('Refusal') } } };
  const answered = route.operation
    ? {
        [route.created ? '201' : '200']: {
          description: route.summary,
          content: { 'application/json': { schema: successSchema(route.returns) } },
        },
        default: refusal,
      }
    : { '501': refusal };
  const graphql = route.operation ? ` Runs the GraphQL operation \`${route.operation}\` of the catalogue.` : '';
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[/:-](\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    description: `${VERDICTS[route.compat.verdict]} ${route.compat.note}${graphql}`,
    tags: [route.path.split('/')[1]!],
    ...(route.operation && { 'x-graphql-operation': route.operation }),
    parameters: parameters(route),
    ...(route.body && { requestBody: requestBody(route) }),
    responses: answered,
    security: [{ bearer: [] }, {}],
  };
}

/** The document of `routes`, served at `${base}/openapi.json`. */
export function openApiDocument(routes: readonly Route[], base: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const template = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[template] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MoltBook-compatible REST API',
      version: VERSION,
      description:
        'The routes existing MoltBook agents use, each on one operation of this server\'s GraphQL API (same rules, limits and refusals). Send "Authorization: Bearer <api_key>".',
    },
    servers: [{ url: base }],
    paths,
    components: {
      schemas: SCHEMAS,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The api_key from registering.' } },
    },
  };
}
