/**
 * GraphQL over WebSocket (`graphql-transport-ws`) on the HTTP server's `/graphql` path. Operations run
 * through `yoga.getEnveloped`, so they pass the same plugins (auth, limits, masking) as HTTP.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.js';
import type { Context } from './context.js';

/** Largest WebSocket frame accepted (bytes). */
export const MAX_WS_PAYLOAD = 64 * 1024;

export interface WebSocketHandle {
  /** Closes every socket with 1001 and stops accepting new ones. */
  dispose(): Promise<void>;
}

export function attachWebSocket(
  server: Server,
  yoga: YogaServerInstance<{ req: IncomingMessage; res: ServerResponse }, Context>,
  _config: Config,
): WebSocketHandle {
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: MAX_WS_PAYLOAD, perMessageDeflate: false });
  const wsServer = useServer<Record<string, unknown>, { request: IncomingMessage }>(
    {
      execute: (args: any) => args.rootValue.execute(args),
      subscribe: (args: any) => args.rootValue.subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        const args = {
          schema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    wss,
  );
  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await wsServer.dispose();
    },
  };
}
