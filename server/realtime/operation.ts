/**
 * Running one `subscribe` message of the WebSocket protocol through the yoga pipeline: parse, validate,
 * build the context, then execute (queries, mutations) or subscribe. Live fields (see live.ts) join the
 * fan-out hub; other subscriptions are pumped to the socket one result at a time.
 */
import type { IncomingMessage } from 'node:http';
import {
  getOperationAST,
  GraphQLError,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { operationLabel } from '../infra/metrics.js';
import type { Context } from '../context.js';
import { withoutHttp } from '../http/masking.js';
import type { FanoutHub, LiveSource, Outlet } from './fanout.js';
import { LiveClaim } from './live.js';
import type { Yoga } from '../context.js';
import type { Services } from '../services.js';

/** What an operation sends to its socket. */
export interface OperationOutlet extends Outlet {
  next(result: ExecutionResult): boolean;
  complete(): void;
  error(errors: readonly object[]): void;
}

export interface OperationRequest {
  yoga: Yoga;
  services: Services;
  hub: FanoutHub;
  request: IncomingMessage;
  id: string;
  payload: SubscribePayload;
  /** The `authorization` the connection was initialised with. */
  authorization: string | null;
  outlet: OperationOutlet;
  /** True once the client completed the operation or the connection closed. */
  isStopped(): boolean;
}

const nothingToStop = { stop: () => undefined };

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof (value as AsyncIterable<T>)?.[Symbol.asyncIterator] === 'function';
}

/**
 * The identity of a live operation's group: document, operation name, variables apart from the one
 * bound to the root field's `after` (the replay is per subscriber; the live part does not depend on
 * it), and the viewer (fields such as `viewerVote` depend on it).
 */
export function groupKey(
  operation: OperationDefinitionNode,
  payload: SubscribePayload,
  viewerId: string | null,
): string {
  const root = operation.selectionSet.selections[0];
  const after =
    root?.kind === Kind.FIELD
      ? root.arguments?.find((a) => a.name.value === 'after' && a.value.kind === Kind.VARIABLE)
      : undefined;
  const skip = after?.value.kind === Kind.VARIABLE ? after.value.name.value : null;
  const variables = Object.entries(payload.variables ?? {})
    .filter(([name]) => name !== skip)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([payload.query, payload.operationName ?? null, variables, viewerId]);
}

function pump(iterator: AsyncIterator<ExecutionResult>, o: OperationRequest): { stop(): void } {
  const unexpected = unexpectedError(o);
  void (async () => {
    for (;;) {
      const result = await iterator.next();
      if (result.done || o.isStopped()) break;
      o.outlet.next(result.value);
    }
    if (!o.isStopped()) o.outlet.complete();
  })().catch((error: unknown) => o.outlet.error([unexpected(error)]));
  return { stop: () => void iterator.return?.() };
}

/** Turns what an operation threw into the error sent to its socket (logging anything unexpected). */
function unexpectedError(o: OperationRequest) {
  return (error: unknown): object => {
    if (error instanceof GraphQLError) return error;
    o.services.log.error({ err: error }, 'websocket operation failed');
    return { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** The outlet as the socket should see it: errors without `extensions.http`, which only HTTP reads. */
function socketOutlet(outlet: OperationOutlet): OperationOutlet {
  return {
    ...outlet,
    next: (result) => outlet.next(result.errors ? { ...result, errors: result.errors.map(withoutHttp) } : result),
    error: (errors) => outlet.error(errors.map(withoutHttp)),
  };
}

/** Runs the operation and resolves with the function that stops it. */
export async function runOperation(request: OperationRequest): Promise<{ stop(): void }> {
  const o = { ...request, outlet: socketOutlet(request.outlet) };
  try {
    return await run(o);
  } catch (error) {
    if (!o.isStopped()) o.outlet.error([unexpectedError(o)(error)]);
    return nothingToStop;
  }
}

async function run(o: OperationRequest): Promise<{ stop(): void }> {
  const { payload, outlet } = o;
  const headers = new Headers();
  if (o.authorization) headers.set('authorization', o.authorization);
  // A POST, as far as plugins that look at the HTTP method can tell: mutations are allowed over WebSocket.
  const request = new Request('http://localhost/graphql', { method: 'POST', headers });
  // A live field of this operation hands its spec over through this claim (see live.ts).
  const claim = new LiveClaim();
  const env = o.yoga.getEnveloped({ req: o.request, request, params: payload, live: claim } as never);
  let document: DocumentNode;
  try {
    document = env.parse(payload.query);
  } catch (error) {
    outlet.error([error instanceof GraphQLError ? error : new GraphQLError(String(error))]);
    return nothingToStop;
  }
  const errors = env.validate(env.schema, document);
  if (errors.length > 0) {
    outlet.error(errors);
    return nothingToStop;
  }
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) {
    outlet.error([new GraphQLError('Unable to identify the operation to run (name it with operationName).')]);
    return nothingToStop;
  }
  const contextValue = (await env.contextFactory()) as Context & Record<string, unknown>;
  const args = {
    schema: env.schema,
    document,
    operationName: payload.operationName,
    variableValues: payload.variables ?? undefined,
    contextValue,
  };
  if (operation.operation !== 'subscription') {
    const result = (await env.execute(args)) as ExecutionResult;
    if (!o.isStopped()) {
      outlet.next(result);
      outlet.complete();
    }
    return nothingToStop;
  }
  const result = await env.subscribe(args);
  if (!isAsyncIterable<ExecutionResult>(result)) {
    if (!o.isStopped()) {
      outlet.next(result as ExecutionResult);
      outlet.complete();
    }
    return nothingToStop;
  }
  const iterator = result[Symbol.asyncIterator]();
  const { spec, feed } = claim;
  if (!spec || !feed) return pump(iterator, o);
  const own: LiveSource = { feed, results: iterator };
  const createSource = async (): Promise<LiveSource> => {
    const groupClaim = new LiveClaim();
    const groupContext = { ...contextValue, live: groupClaim };
    const groupResult = await env.subscribe({ ...args, contextValue: groupContext });
    if (!isAsyncIterable<ExecutionResult>(groupResult) || !groupClaim.feed) {
      throw new Error('A live field subscribed differently for the same operation.');
    }
    return { feed: groupClaim.feed, results: groupResult[Symbol.asyncIterator]() };
  };
  const key = groupKey(operation, payload, contextValue.viewer?.id ?? null);
  const label = operationLabel(document, payload.operationName);
  const { member, leave } = await o.hub.join(key, spec, label, o.id, outlet, createSource);
  if (spec.replay) {
    member.catchUp(spec, own, label).catch((error: unknown) => outlet.error([unexpectedError(o)(error)]));
  } else {
    void iterator.return?.();
  }
  return { stop: leave };
}
