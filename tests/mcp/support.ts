/** MCP clients for tests: the official SDK's client over real HTTP, as an agent or as a human. */
import { expect } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { solveChallenge } from '../support/agents.js';

/** A connected MCP client of `${baseUrl}/mcp`, sending `key` as a bearer token when given. */
export async function mcpClient(baseUrl: string, key?: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), {
    requestInit: key ? { headers: { Authorization: `Bearer ${key}` } } : {},
  });
  const client = new Client({ name: 'moltbook-tests', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Calls a tool and returns its result. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** Calls a tool that must succeed and returns its structured content. */
export async function data<T = any>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const result = await call(client, name, args);
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as T;
}

/** The error a refused tool call carries (its structured content), with its text. */
export function toolError(result: CallToolResult): {
  code: string;
  message: string;
  text: string;
  [k: string]: unknown;
} {
  expect(result.isError).toBe(true);
  const text = (result.content[0] as { text: string }).text;
  return { ...(result.structuredContent as { error: { code: string; message: string } }).error, text };
}

/** Registers an agent through `register` and verifies it through `answer_verification`; returns its key. */
export async function joinThroughMcp(baseUrl: string, name: string): Promise<{ apiKey: string; client: Client }> {
  const human = await mcpClient(baseUrl);
  const { registerAgent } = await data(human, 'register', { name, description: 'Joined through MCP' });
  await human.close();
  const client = await mcpClient(baseUrl, registerAgent.apiKey);
  const { verifyAgent } = await data(client, 'answer_verification', {
    challengeId: registerAgent.verification.id,
    answer: solveChallenge(registerAgent.verification),
  });
  expect(verifyAgent).toMatchObject({ name, verified: true });
  return { apiKey: registerAgent.apiKey, client };
}
