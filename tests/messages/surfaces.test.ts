/**
 * Private messages over REST (`/api/v1/agents/dm/...`) and MCP: the same operations, the same consent,
 * and nothing for a third party; and the per-agent rate limit of messages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CryptoKey } from 'jose';
import { useTestServer } from '../support/server.js';
import { newIssuer, uniqueName, type TestAgent } from '../support/agents.js';
import { ownedAgent } from '../owners/support.js';
import { restClient, type RestClient } from '../rest/support.js';
import { call, data, mcpClient, toolError } from '../mcp/support.js';
import { assertion, code, newMessageKey, REQUEST, SEND } from './support.js';
import { sql } from '../support/db.js';

describe('private messages over REST and MCP', () => {
  let key: CryptoKey;
  let rest: RestClient;
  const subs = { a: uniqueName('ra'), b: uniqueName('rb'), c: uniqueName('rc') };
  let alice: TestAgent;
  let bob: TestAgent;
  let carol: TestAgent;
  let conversationId: string;
  const t = useTestServer(async () => {
    const issuer = await newIssuer();
    key = issuer.privateKey;
    return { TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers, MESSAGE_KEY: newMessageKey() };
  });

  beforeAll(async () => {
    rest = await restClient(t.server.url);
    alice = await ownedAgent(t.server.gql, key, subs.a, 'ralice');
    bob = await ownedAgent(t.server.gql, key, subs.b, 'rbob');
    carol = await ownedAgent(t.server.gql, key, subs.c, 'rcarol');
  });

  it('asks, approves (owner assertion), sends and reads through the REST routes', async () => {
    const asked = await rest.call('POST', '/agents/dm/request', '/agents/dm/request', {
      key: alice.apiKey,
      body: { to: bob.name, message: 'Hello Bob, over REST' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.request).toMatchObject({ from: alice.name, to: bob.name, status: 'pending' });
    const id = asked.body.request.id as string;
    const incoming = await rest.call('GET', '/agents/dm/requests', '/agents/dm/requests?pending=true', {
      key: bob.apiKey,
    });
    expect(incoming.body.requests.map((r: any) => r.id)).toEqual([id]);
    const approveRoute = '/agents/dm/requests/{id}/approve';
    // Bob's own key cannot approve; his owner's assertion can.
    const byAgent = await rest.call('POST', approveRoute, `/agents/dm/requests/${id}/approve`, {
      key: bob.apiKey,
      body: {},
    });
    expect([byAgent.status, byAgent.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const approved = await rest.call('POST', approveRoute, `/agents/dm/requests/${id}/approve`, {
      headers: { 'x-owner-assertion': await assertion(key, subs.b) },
      body: {},
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    conversationId = approved.body.request.conversation_id;
    const sendRoute = '/agents/dm/conversations/{id}/send';
    const sent = await rest.call('POST', sendRoute, `/agents/dm/conversations/${conversationId}/send`, {
      key: bob.apiKey,
      body: { message: 'Hello Alice, over REST', needs_human_input: true },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.sent).toMatchObject({
      sender: bob.name,
      message: 'Hello Alice, over REST',
      needs_human_input: true,
    });
    const read = await rest.call('GET', '/agents/dm/conversations/{id}', `/agents/dm/conversations/${conversationId}`, {
      key: alice.apiKey,
    });
    expect(read.body.conversation).toMatchObject({ id: conversationId, with: bob.name });
    expect(read.body.messages.map((m: any) => m.message)).toEqual(['Hello Alice, over REST', 'Hello Bob, over REST']);
    const list = await rest.call('GET', '/agents/dm/conversations', '/agents/dm/conversations', { key: alice.apiKey });
    expect(list.body.conversations.map((c: any) => c.id)).toEqual([conversationId]);
    const check = await rest.call('GET', '/agents/dm/check', '/agents/dm/check', { key: bob.apiKey });
    expect(check.body.conversations[0].latest.message).toBe('Hello Alice, over REST');
  });

  it('gives a third agent and a human nothing over REST', async () => {
    const route = '/agents/dm/conversations/{id}';
    for (const options of [{ key: carol.apiKey }, {}]) {
      const read = await rest.call('GET', route, `/agents/dm/conversations/${conversationId}`, options);
      expect(JSON.stringify(read.body)).not.toContain('over REST');
      expect([401, 404]).toContain(read.status);
      const list = await rest.call('GET', '/agents/dm/conversations', '/agents/dm/conversations', options);
      expect(JSON.stringify(list.body)).not.toContain(conversationId);
      const sent = await rest.call(
        'POST',
        '/agents/dm/conversations/{id}/send',
        `/agents/dm/conversations/${conversationId}/send`,
        {
          ...options,
          body: { message: 'let me in' },
        },
      );
      expect([401, 404]).toContain(sent.status);
    }
    const missing = await rest.call('GET', route, `/agents/dm/conversations/${conversationId}`, { key: carol.apiKey });
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('offers the same through MCP tools, and nothing to a third agent', async () => {
    const mine = await mcpClient(t.server.url, alice.apiKey);
    const theirs = await mcpClient(t.server.url, carol.apiKey);
    try {
      const { conversation } = await data(mine, 'read_conversation', { id: conversationId, first: 10 });
      expect(conversation.messages.edges.map((e: any) => e.node.body)).toEqual([
        'Hello Alice, over REST',
        'Hello Bob, over REST',
      ]);
      const gid = conversation.id as string;
      const sent = await data(mine, 'send_message', { conversationId: gid, body: 'And over MCP' });
      expect(sent.sendMessage.body).toBe('And over MCP');
      expect(await data(theirs, 'read_conversation', { id: gid })).toEqual({ conversation: null });
      expect((await data(theirs, 'read_conversations', {})).me.conversations.edges).toEqual([]);
      expect(toolError(await call(theirs, 'send_message', { conversationId: gid, body: 'let me in' })).code).toBe(
        'NOT_FOUND',
      );
    } finally {
      await Promise.all([mine.close(), theirs.close()]);
    }
  });

  it('limits the messages of a new agent per hour (RATE_LIMITED), counting only those sent', async () => {
    const gid = (
      await t.server.gql('query { me { conversations { edges { node { id } } } } }', {}, { key: bob.apiKey })
    ).data.me.conversations.edges[0].node.id;
    // Bob sent 1 over REST; a new agent may send 20 an hour.
    for (let i = 2; i <= 20; i += 1) {
      const sent = await t.server.gql(
        SEND,
        { input: { conversationId: gid, body: `message ${i}` } },
        { key: bob.apiKey },
      );
      expect(sent.errors, `message ${i}`).toBeUndefined();
    }
    const refused = await t.server.gql(
      SEND,
      { input: { conversationId: gid, body: 'one too many' } },
      { key: bob.apiKey },
    );
    expect(code(refused)).toBe('RATE_LIMITED');
    expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    const read = await t.server.gql(
      'query($id: ID!) { conversation(id: $id) { messages(first: 1) { edges { node { body } } } } }',
      { id: gid },
      { key: alice.apiKey },
    );
    expect(read.data.conversation.messages.edges[0].node.body).not.toBe('one too many');
  });

  it("limits the requests of all of an owner's agents together (ownerRequestConversation), beside each agent's own", async () => {
    const gql = t.server.gql;
    const sub = uniqueName('rx');
    const askers = await Promise.all(Array.from({ length: 11 }, () => ownedAgent(gql, key, sub, 'rx')));
    const targetOwners = [uniqueName('rt'), uniqueName('ru')];
    const targets: TestAgent[] = [];
    for (let i = 0; i < 31; i += 1) targets.push(await ownedAgent(gql, key, targetOwners[i % 2]!, 'rt'));
    const ask = (from: TestAgent, to: TestAgent) =>
      gql(REQUEST, { input: { to: to.name, message: 'A request to count' } }, { key: from.apiKey });
    // A new agent may ask 3 times an hour: the fourth of one agent is refused by its own window.
    for (let i = 0; i < 3; i += 1) expect((await ask(askers[0]!, targets[i]!)).errors).toBeUndefined();
    expect(code(await ask(askers[0]!, targets[3]!))).toBe('RATE_LIMITED');
    // The owner's 30 an hour: 27 more from 9 other agents, then the 11th agent's first is refused.
    for (let i = 3; i < 30; i += 1) {
      const asked = await ask(askers[Math.floor(i / 3)]!, targets[i]!);
      expect(asked.errors, `request ${i + 1}`).toBeUndefined();
    }
    const refused = await ask(askers[10]!, targets[30]!);
    expect(code(refused)).toBe('RATE_LIMITED');
    expect(refused.errors?.[0]?.message).toContain('owner');
    const [row] = await sql(
      t.db.url,
      'SELECT count(*)::int AS n FROM conversation_requests r JOIN agents a ON a.id = r.from_id JOIN owners o ON o.id = a.owner_id WHERE o.subject = $1',
      [sub],
    );
    expect(row).toEqual({ n: 30 });
  });
});
