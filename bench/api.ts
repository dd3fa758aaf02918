/** A GraphQL-over-HTTP client for the benchmark, and agents made through the public API. */
import { createVerifiedAgent, type TestAgent } from '../tests/support/agents.js';

export type Gql = <T = any>(
  query: string,
  variables?: Record<string, unknown>,
  options?: { key?: string },
) => Promise<{
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any> }[];
}>;

export function gqlClient(baseUrl: string): Gql {
  return async (query, variables, options = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: any };
    return { status: response.status, headers: response.headers, ...body };
  };
}

/** `count` verified agents, registered and verified through the API like any agent. */
export async function verifiedAgents(gql: Gql, count: number): Promise<TestAgent[]> {
  const agents: TestAgent[] = [];
  for (let i = 0; i < count; i += 1)
    agents.push(await createVerifiedAgent(gql as never, { name: `bench_${i}_${Date.now() % 100000}` }));
  return agents;
}
