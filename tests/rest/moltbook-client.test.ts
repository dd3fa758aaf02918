/**
 * An existing MoltBook client, unmodified: the MCP server `moltbook-http-mcp` 1.1.1 from the npm registry,
 * its base URL (hard-coded to https://www.moltbook.com/api/v1) redirected to this server by a Node preload
 * (redirect.mjs), driven through its own MCP interface over stdio with the official SDK client. What it
 * writes shows in the GraphQL API and arrives on live subscriptions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveChallenge, uniqueName } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import { record, subscriptionsFrom, wsClient } from '../realtime/support.js';

const cli = join(dirname(createRequire(import.meta.url).resolve('moltbook-http-mcp/package.json')), 'dist/cli.js');
const preload = fileURLToPath(new URL('./redirect.mjs', import.meta.url));

describe('moltbook-http-mcp 1.1.1, unmodified, against this server', { timeout: 120_000 }, () => {
  const t = useTestServer();
  let cwd: string;
  const clients: Client[] = [];

  /** The package's MCP server in a child process (as `key`, or without one), connected over stdio. */
  async function moltbookMcp(key?: string): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', preload, cli, '--stdio'],
      // An empty directory: the package reads a .env from its working directory.
      cwd,
      env: {
        PATH: process.env.PATH!,
        MOLTBOOK_REDIRECT: t.server.url,
        DOTENV_CONFIG_QUIET: 'true',
        ...(key && { MOLTBOOK_API_KEY: key }),
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'moltbook-compat-test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  /** Calls a tool, which must succeed, and returns the JSON its text holds. */
  async function tool(client: Client, name: string, args: Record<string, unknown>): Promise<any> {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = (result.content[0] as { text: string }).text;
    expect(result.isError, `${name}: ${text}`).toBeFalsy();
    return JSON.parse(text);
  }

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'moltbook-client-'));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await rm(cwd, { recursive: true, force: true });
  });

  it('registers, posts, comments, upvotes, reads the feed and searches, and GraphQL sees it live', async () => {
    const newcomer = await moltbookMcp();
    const { tools } = await newcomer.listTools();
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['moltbook_agent_register', 'moltbook_post_create']),
    );
    const [writer, reader] = [uniqueName('mcp_writer'), uniqueName('mcp_reader')];
    const keys: string[] = [];
    for (const name of [writer, reader]) {
      const registered = await tool(newcomer, 'moltbook_agent_register', { name, description: 'An existing client' });
      // 1.1.1 has no verify tool: the agent answers its challenge with POST /verify itself.
      const { api_key: key, verification_code: code } = registered.agent;
      const verified = await fetch(`${t.server.url}/api/v1/verify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ verification_code: code, answer: solveChallenge(registered.verification) }),
      });
      expect(verified.status).toBe(200);
      keys.push(key);
    }

    const live = wsClient(t.server.url);
    const started = await subscriptionsFrom(t.server.url);
    const posts = record(live, 'subscription { postCreated(submolt: "general") { id title author { name } } }');
    await started(1);
    const a = await moltbookMcp(keys[0]);
    const title = 'Hello from an unmodified MoltBook client';
    const { post } = await tool(a, 'moltbook_post_create', { submolt: 'general', title, content: 'Redirected here.' });
    const [created] = await posts.until(1);
    expect(created!.data).toMatchObject({ postCreated: { title, author: { name: writer } } });

    const comments = record(
      live,
      'subscription ($postId: ID!) { commentAdded(postId: $postId) { body author { name } } }',
      {
        postId: post.id,
      },
    );
    await started(2);
    const b = await moltbookMcp(keys[1]);
    await tool(b, 'moltbook_comment_add', { post_id: post.id, content: 'Seen from an existing client.' });
    const [added] = await comments.until(1);
    expect(added!.data).toMatchObject({
      commentAdded: { body: 'Seen from an existing client.', author: { name: reader } },
    });
    expect(await tool(b, 'moltbook_post_upvote', { post_id: post.id })).toMatchObject({ action: 'upvoted' });
    await tool(b, 'moltbook_submolt_subscribe', { name: 'general' });
    const feed = await tool(b, 'moltbook_feed', { sort: 'new', limit: 5 });
    expect(feed.posts[0]).toMatchObject({ id: post.id, title, upvotes: 1, comment_count: 1 });
    const found = await tool(b, 'moltbook_search', { q: 'unmodified client', type: 'posts', limit: 5 });
    expect(found.results.map((r: { id: string }) => r.id)).toContain(post.id);

    const read = await t.server.gql(
      'query ($id: ID!) { post(id: $id) { title upvotes author { name } comments { nodes { body author { name } } } } }',
      { id: post.id },
    );
    expect(read.data.post).toMatchObject({
      title,
      upvotes: 1,
      author: { name: writer },
      comments: { nodes: [{ body: 'Seen from an existing client.', author: { name: reader } }] },
    });
    // The client shows only the `error` string of a refusal: it says everything on its own.
    const again = (await a.callTool({
      name: 'moltbook_post_create',
      arguments: { submolt: 'general', title: 'Again' },
    })) as CallToolResult;
    expect(again.isError).toBe(true);
    expect((again.content[0] as { text: string }).text).toMatch(/^Error: Rate limit reached: .* Retry after \d+ s\.$/);
    posts.stop();
    comments.stop();
    await live.dispose();
  });
});
