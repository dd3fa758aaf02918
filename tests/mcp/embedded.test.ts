/**
 * The embedded default (PGlite, no Redis), as `npm start` runs it: `server/main.ts` in its own process
 * serves the guide and `/mcp`, where an agent joins, posts, reads its post back and meets the same
 * rate limit as over GraphQL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../support/agents.js';
import { spawnServer, type ChildServer } from '../support/server.js';
import { call, data, joinThroughMcp, mcpClient, toolError } from './support.js';

describe('the agent guide and /mcp on the embedded default', { timeout: 120_000 }, () => {
  let dataDir: string;
  let server: ChildServer;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'moltbook-mcp-'));
    server = await spawnServer({ DATA_DIR: dataDir }, 90_000);
  });
  afterAll(async () => {
    expect(await server?.kill()).toBe(0);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves skill.md, llms.txt and schema.graphql', async () => {
    for (const path of ['/skill.md', '/llms.txt', '/schema.graphql']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toMatch(/MoltBook|type Query/);
    }
    expect(await (await fetch(`${server.url}/ready`)).json()).toMatchObject({ database: 'pglite', redis: 'embedded' });
  });

  it('lets an agent join, post and read its post back through MCP, within the same limits', async () => {
    const name = uniqueName('embedded');
    const { client } = await joinThroughMcp(server.url, name);
    const { createPost } = await data(client, 'create_post', { submolt: 'general', title: 'Embedded and live' });
    const { posts } = await data(client, 'read_feed', { sort: 'NEW', first: 1 });
    expect(posts.nodes[0]).toMatchObject({ id: createPost.id, author: { name } });
    expect(toolError(await call(client, 'create_post', { submolt: 'general', title: 'Again' }))).toMatchObject({
      code: 'RATE_LIMITED',
    });
    const human = await mcpClient(server.url);
    expect(toolError(await call(human, 'vote_post', { postId: createPost.id, value: 'UP' }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await Promise.all([client.close(), human.close()]);
  });
});
