/** Helpers of the real-time tests: stock graphql-ws clients on real sockets, and content writes. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import type { client } from '../support/server.js';

type Gql = ReturnType<typeof client>;

/** The stock graphql-ws client against `baseUrl` (http://...), optionally as an agent. */
export function wsClient(baseUrl: string, options: { key?: string; retryAttempts?: number } = {}): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: options.key ? { authorization: `Bearer ${options.key}` } : undefined,
    retryAttempts: options.retryAttempts ?? 0,
    lazy: true,
  });
}

/** A running subscription that records what it receives. */
export interface Recording<T = any> {
  readonly results: { data?: T; errors?: any[] }[];
  readonly completed: Promise<void>;
  error: unknown;
  /** Resolves once `count` results arrived (rejects after `timeoutMs`). */
  until(count: number, timeoutMs?: number): Promise<{ data?: T; errors?: any[] }[]>;
  stop(): void;
}

export function record<T = any>(c: Client, query: string, variables?: Record<string, unknown>): Recording<T> {
  const results: { data?: T; errors?: any[] }[] = [];
  const waiters = new Set<() => void>();
  let finish!: () => void;
  const completed = new Promise<void>((r) => (finish = r));
  const recording: Recording<T> = {
    results,
    completed,
    error: undefined,
    until(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (results.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(results.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const got = JSON.stringify(results).slice(0, 400);
          reject(new Error(`got ${results.length} of ${count} results: ${got}; error: ${String(recording.error)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop: () => unsubscribe(),
  };
  const unsubscribe = c.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        results.push(value as { data?: T; errors?: any[] });
        for (const check of [...waiters]) check();
      },
      error: (error) => {
        recording.error = error instanceof Error ? error : JSON.stringify(error);
        finish();
      },
      complete: () => finish(),
    },
  );
  return recording;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CREATE_POST = /* GraphQL */ `
  mutation ($input: CreatePostInput!) {
    createPost(input: $input) {
      id
      title
    }
  }
`;

/** Creates a text post as `agent` and returns its global id. */
export async function createPost(gql: Gql, agent: TestAgent, title: string, submolt = 'general'): Promise<string> {
  const result = await gql(CREATE_POST, { input: { submolt, title, body: `Body of ${title}` } }, { key: agent.apiKey });
  const id = result.data?.createPost?.id;
  if (!id) throw new Error(`createPost failed: ${JSON.stringify(result.errors)}`);
  return id;
}

export async function createComment(gql: Gql, agent: TestAgent, postId: string, body: string): Promise<string> {
  const result = await gql(
    `mutation ($input: CreateCommentInput!) { createComment(input: $input) { id } }`,
    { input: { postId, body } },
    { key: agent.apiKey },
  );
  const id = result.data?.createComment?.id;
  if (!id) throw new Error(`createComment failed: ${JSON.stringify(result.errors)}`);
  return id;
}

export { createVerifiedAgent };

export const POST_CREATED = /* GraphQL */ `
  subscription ($submolt: String, $after: String) {
    postCreated(submolt: $submolt, after: $after) {
      id
      title
      viewerVote
      author {
        name
      }
      submolt {
        name
      }
    }
  }
`;

/** Subscriptions the server at `baseUrl` has started (`moltbook_subscriptions_started_total`). */
async function subscriptionsStarted(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/^moltbook_subscriptions_started_total (\d+)$/m.exec(text)?.[1] ?? 0);
}

/**
 * Counts subscriptions started from now on: `registered(n)` resolves once the server has started `n`
 * more. A subscription is counted once it is attached to its event stream, so an event published after
 * that reaches it (waiting a fixed time instead is a race on a busy machine).
 */
export async function subscriptionsFrom(baseUrl: string): Promise<(added: number) => Promise<void>> {
  const base = await subscriptionsStarted(baseUrl);
  return async (added) => {
    const deadline = Date.now() + 10_000;
    let started = await subscriptionsStarted(baseUrl);
    while (started < base + added) {
      if (Date.now() > deadline) throw new Error(`${started - base} of ${added} subscriptions started`);
      await sleep(20);
      started = await subscriptionsStarted(baseUrl);
    }
  };
}
