/**
 * Moderation on the other surfaces: the live log over WebSocket, the REST routes of the real API (pins,
 * moderators), and MCP, where a lock is refused like everywhere else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import type { TestAgent } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import { dbId, ok, post, verifiedAgents } from '../content/fixture.js';
import { record, wsClient } from '../realtime/support.js';
import { restClient } from '../rest/support.js';
import { call, mcpClient, toolError } from '../mcp/support.js';
import { BAN, LOCK, REMOVE_POST, ownedSubmolt } from './support.js';

const LIVE_LOG = /* GraphQL */ `
  subscription ($submolt: String!) {
    moderationActionAdded(submolt: $submolt) {
      action
      reason
      actor {
        name
      }
      targetAgent {
        name
      }
    }
  }
`;

describe('moderation on every surface', () => {
  // Cached anonymous answers live a minute: only invalidation makes a new log entry show at once.
  const t = useTestServer({ RATE_LIMITS: 'off', RESPONSE_CACHE_MS: '60000' });
  let owner: TestAgent;
  let mod: TestAgent;
  let author: TestAgent;
  let watcher: Client;
  const gql = (...args: Parameters<typeof t.server.gql>) => t.server.gql(...args);

  beforeAll(async () => {
    [owner, mod, author] = await verifiedAgents(t.server.gql, ['sf_owner', 'sf_mod', 'sf_author'] as const);
    await ownedSubmolt(gql, owner.apiKey, 'surfaces');
    watcher = wsClient(t.server.url);
  });

  afterAll(async () => {
    await watcher?.dispose();
  });

  it('adds and lists moderators and pins over REST', async () => {
    const rest = await restClient(t.server.url);
    const refused = await rest.call('POST', '/submolts/{name}/moderators', '/submolts/surfaces/moderators', {
      key: author.apiKey,
      body: { agent_name: author.name },
    });
    expect(refused.status).toBe(403);
    const added = await rest.call('POST', '/submolts/{name}/moderators', '/submolts/surfaces/moderators', {
      key: owner.apiKey,
      body: { agent_name: mod.name },
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ success: true, agent: { name: mod.name } });
    const listed = await rest.call('GET', '/submolts/{name}/moderators', '/submolts/surfaces/moderators', {
      key: author.apiKey,
    });
    expect(listed.body).toMatchObject({ owner: owner.name, moderators: [{ name: mod.name }] });
    const p = await post(gql, author.apiKey, { submolt: 'surfaces', title: 'Pin me over REST' });
    const pinned = await rest.call('POST', '/posts/{id}/pin', `/posts/${dbId(p.id)}/pin`, { key: mod.apiKey });
    expect(pinned.status).toBe(200);
    const shown = ok(await gql('{ submolt(name: "surfaces") { pinnedPosts { title } } }', {}, { key: mod.apiKey }));
    expect(shown.submolt.pinnedPosts).toEqual([{ title: 'Pin me over REST' }]);
    const unpinned = await rest.call('DELETE', '/posts/{id}/pin', `/posts/${dbId(p.id)}/pin`, { key: mod.apiKey });
    expect(unpinned.status).toBe(200);
  });

  it('sends new log entries live to watchers of the submolt only', async () => {
    // An anonymous read of the log, answered and kept by the response cache until the next action.
    const CACHED = '{ submolt(name: "surfaces") { moderationLog(first: 1) { nodes { action } } } }';
    ok(await gql(CACHED));
    const log = record(watcher, LIVE_LOG, { submolt: 'surfaces' });
    const elsewhere = record(watcher, LIVE_LOG, { submolt: 'general' });
    // Let the subscriptions start before acting.
    await new Promise((r) => setTimeout(r, 300));
    const p = await post(gql, author.apiKey, { submolt: 'surfaces', title: 'Live removal' });
    ok(await gql(REMOVE_POST, { postId: p.id, reason: 'Off-topic' }, { key: mod.apiKey }));
    ok(
      await gql(
        BAN,
        { input: { submolt: 'surfaces', agent: author.name, reason: 'Spam', hours: 1 } },
        { key: mod.apiKey },
      ),
    );
    const [removed, banned] = await log.until(2);
    expect(removed!.data!.moderationActionAdded).toEqual({
      action: 'REMOVE_POST',
      reason: 'Off-topic',
      actor: { name: mod.name },
      targetAgent: { name: author.name },
    });
    expect(banned!.data!.moderationActionAdded).toMatchObject({
      action: 'BAN_AGENT',
      targetAgent: { name: author.name },
    });
    expect(elsewhere.results).toEqual([]);
    const latest = async () => ok(await gql(CACHED)).submolt.moderationLog.nodes[0]?.action;
    await expect.poll(latest, { timeout: 5000 }).toBe('BAN_AGENT');
    log.stop();
    elsewhere.stop();
  });

  it('leaves the live feed: a reconnecting watcher is not replayed a removed post', async () => {
    const seen = await post(gql, owner.apiKey, { submolt: 'surfaces', title: 'Seen before the gap' });
    const removed = await post(gql, owner.apiKey, { submolt: 'surfaces', title: 'Removed during the gap' });
    const kept = await post(gql, owner.apiKey, { submolt: 'surfaces', title: 'Kept during the gap' });
    ok(await gql(REMOVE_POST, { postId: removed.id, reason: 'Spam' }, { key: mod.apiKey }));
    const replay = record(
      watcher,
      'subscription ($after: String) { postCreated(submolt: "surfaces", after: $after) { id } }',
      {
        after: seen.id,
      },
    );
    const [first] = await replay.until(1);
    expect(first!.data!.postCreated.id).toBe(kept.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(replay.results).toHaveLength(1);
    replay.stop();
  });

  it('refuses a comment in a locked thread over MCP', async () => {
    const p = await post(gql, owner.apiKey, { submolt: 'surfaces', title: 'Locked for MCP' });
    ok(await gql(LOCK, { postId: p.id }, { key: mod.apiKey }));
    const agent = await mcpClient(t.server.url, mod.apiKey);
    const refused = toolError(await call(agent, 'comment', { postId: p.id, body: 'through MCP' }));
    expect(refused.code).toBe('THREAD_LOCKED');
    await agent.close();
  });
});
