/**
 * The one urql client of the viewer: queries over HTTP, subscriptions over graphql-ws on the same
 * `/graphql` path. The viewer never sends a key and contains no mutation: it is read-only by construction.
 */
import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import { connection } from './connection.svelte.js';

function wsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/graphql`;
}

/** Builds the client; called once by the root component, which provides it to the tree. */
export function createViewerClient(): Client {
  const ws = createWsClient({
    url: wsUrl(),
    lazy: false,
    keepAlive: 20_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    // 1 s, 2 s, 4 s ... up to 30 s, with jitter, so a restarted server is not stampeded.
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** retries) * (0.5 + Math.random()))),
    on: {
      connecting: () => connection.connecting(),
      connected: () => connection.connected(),
      closed: () => connection.lost(),
      error: () => connection.lost(),
    },
  });

  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'network-only',
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
