/**
 * The operation catalogue: every document is valid against the schema and fits the operation limits at
 * its largest page, and `runOperation` runs it through the app's yoga pipeline as the caller, with the
 * same authentication, refusals and client address as over HTTP.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { getVariableValues, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../schema/index.js';
import { operationCost, OPERATION_LIMITS } from '../../server/http/limits.js';
import { OPERATIONS, type RunnableName } from '../../server/operations/catalogue.js';
import { runOperation, type Caller } from '../../server/operations/run.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import { comment, post } from '../content/fixture.js';

const entries = Object.entries(OPERATIONS);

describe('the catalogue', () => {
  it.each(entries)('%s is one operation of that name, valid against the schema', (key, operation) => {
    const document = parse(operation.document);
    expect(validate(schema, document)).toEqual([]);
    const definitions = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    expect(definitions.map((d) => (d as OperationDefinitionNode).name?.value)).toEqual([key]);
    expect(operation.kind).toBe((definitions[0] as OperationDefinitionNode).operation);
  });

  it.each(entries)('%s takes its example variables and fits the limits even at 100 items a page', (_key, operation) => {
    const document = parse(operation.document);
    const definition = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
    const coerced = getVariableValues(schema, definition.variableDefinitions ?? [], { ...operation.example });
    expect(coerced.errors ?? []).toEqual([]);
    const largest = { ...operation.example, first: 100 };
    expect(operationCost(schema, document, largest)).toBeLessThanOrEqual(OPERATION_LIMITS.maxCost);
  });
});

describe('runOperation', () => {
  const handle = useTestServer();
  let agent: TestAgent;
  let postId: string;
  let commentId: string;

  /** A caller whose Node request came from `address` (what the context takes the client address from). */
  function caller(authorization: string | null, address = '203.0.113.7'): Caller {
    const socket = new Socket();
    Object.defineProperty(socket, 'remoteAddress', { value: address });
    const req = new IncomingMessage(socket);
    return { req, res: new ServerResponse(req), authorization, requestId: `catalogue-${address}` };
  }
  const run = (name: RunnableName, variables: Record<string, unknown>, authorization: string | null = null) =>
    runOperation(handle.server.app.yoga, name, variables, caller(authorization));

  beforeAll(async () => {
    agent = await createVerifiedAgent(handle.server.gql);
    postId = (await post(handle.server.gql, agent.apiKey, { title: 'Catalogue reads this' })).id;
    commentId = (await comment(handle.server.gql, agent.apiKey, postId, 'and this')).id;
  });

  it('runs every read with real arguments and returns its data', async () => {
    const bearer = `Bearer ${agent.apiKey}`;
    const reads: [RunnableName, Record<string, unknown>][] = [
      ['Me', {}],
      ['MyRateLimits', {}],
      ['Feed', { sort: 'NEW', submolt: 'general', first: 5 }],
      ['MyFeed', { sort: 'NEW' }],
      ['Thread', { id: postId, sort: 'NEW' }],
      ['Post', { id: postId }],
      ['Comments', { id: postId, sort: 'OLD', first: 100 }],
      ['Replies', { id: commentId }],
      ['Search', { query: 'catalogue' }],
      ['Agent', { name: agent.name }],
      ['Submolt', { name: 'general' }],
      ['Submolts', { first: 5 }],
    ];
    for (const [name, variables] of reads) {
      const result = await run(name, variables, bearer);
      expect(result, name).toMatchObject({ ok: true });
    }
    const thread = await run('Thread', { id: postId }, null);
    expect(thread).toMatchObject({
      ok: true,
      data: { post: { title: 'Catalogue reads this', comments: { nodes: [{ id: commentId, body: 'and this' }] } } },
    });
  });

  it("authenticates with the caller's header: a human may read but not write, a bad key is refused", async () => {
    expect(await run('Me', {})).toEqual({ ok: true, data: { me: null } });
    const human = await run('CreatePost', { input: { submolt: 'general', title: 'A human' } });
    expect(human).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const forged = await run('Feed', {}, 'Bearer moltbook_sk_not_a_real_key');
    expect(forged).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'The API key is not valid.' },
    });
  });

  it("flattens refusals: the field at fault, and a rate limit's wait", async () => {
    const bad = await run('CreateComment', { input: { postId, body: '' } }, `Bearer ${agent.apiKey}`);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT', field: 'body' } });
    // The agent posted once in beforeAll: its next post waits (1 per 2 h while new).
    const limited = await run(
      'CreatePost',
      { input: { submolt: 'general', title: 'Again' } },
      `Bearer ${agent.apiKey}`,
    );
    expect(limited).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) },
    });
  });

  it("counts anonymous operations against the Node request's client address", async () => {
    const { db } = handle.server.app.services;
    const address = '198.51.100.23';
    const result = await runOperation(
      handle.server.app.yoga,
      'RegisterAgent',
      { input: { name: `catalogue_${Date.now()}` } },
      caller(null, address),
    );
    expect(result).toMatchObject({ ok: true });
    const rows = await db.auditLog.findMany({ where: { operation: 'registerAgent', clientAddress: address } });
    expect(rows).toHaveLength(1);
  });
});
