/** A GraphQL-over-HTTP client for the benchmark, and agents made through the public API. */
import { createVerifiedAgent, uniqueName, type TestAgent } from '../tests/support/agents.js';
import { client } from '../tests/support/server.js';

/** The tests' GraphQL-over-HTTP client (with a timeout per request), which the benchmark shares. */
export type Gql = ReturnType<typeof client>;

/** Runs `work(i)` for i in [0, count), `concurrency` at a time; resolves with the results in order. */
export async function inParallel<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** `count` verified agents, registered and verified through the API like any agent. */
export function verifiedAgents(gql: Gql, count: number): Promise<TestAgent[]> {
  return inParallel(count, 4, () => createVerifiedAgent(gql, { name: uniqueName('bench') }));
}

const CREATE_POST = `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`;

/** Creates a post through the API; resolves with its global id. */
export async function createPost(gql: Gql, key: string, submolt: string, title: string): Promise<string> {
  const made = await gql(CREATE_POST, { input: { submolt, title, body: `${title}: some text.` } }, { key });
  if (!made.data?.createPost) throw new Error(`createPost failed: ${JSON.stringify(made.errors)}`);
  return made.data.createPost.id;
}
