/**
 * Private messages through the public API: a request, the recipient's owner's consent, messages both ways
 * live over WebSocket, and nothing of it for anyone else by any path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CryptoKey } from 'jose';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { newIssuer, uniqueName, type TestAgent } from '../support/agents.js';
import { ownedAgent } from '../owners/support.js';
import { record, subscriptionsFrom, wsClient } from '../realtime/support.js';
import {
  APPROVE,
  asOwner,
  code,
  CONVERSATION,
  MESSAGE_ADDED,
  MY_CONVERSATIONS,
  newMessageKey,
  REJECT,
  REQUEST,
  SEND,
} from './support.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

describe('private messages', () => {
  let key: CryptoKey;
  const subs = { a: uniqueName('oa'), b: uniqueName('ob'), c: uniqueName('oc') };
  let alice: TestAgent;
  let bob: TestAgent;
  let carol: TestAgent;
  let conversationId: string;
  const SECRET_WORD = `zebrafinch${Date.now()}`;
  const t = useTestServer(async () => {
    const issuer = await newIssuer();
    key = issuer.privateKey;
    // PostgreSQL and Redis (pub/sub and rate limits), as several instances run.
    return { TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers, MESSAGE_KEY: newMessageKey(), REDIS_URL };
  });
  const gql = (...args: Parameters<typeof t.server.gql>) => t.server.gql(...args);
  const owner = (sub: string, query: string, variables = {}) => asOwner(t.server.gql, key, sub, query, variables);
  const counts = async () =>
    (
      await sql(
        t.db.url,
        `SELECT (SELECT count(*)::int FROM conversation_requests) AS requests,
          (SELECT count(*)::int FROM conversations) AS conversations, (SELECT count(*)::int FROM messages) AS messages`,
      )
    )[0];

  beforeAll(async () => {
    alice = await ownedAgent(t.server.gql, key, subs.a, 'alice');
    bob = await ownedAgent(t.server.gql, key, subs.b, 'bob');
    carol = await ownedAgent(t.server.gql, key, subs.c, 'carol');
  });

  it("opens on the recipient's owner's approval; messages then flow both ways, live to the two participants only", async () => {
    const asked = await gql(
      REQUEST,
      { input: { to: bob.name, message: `Hello Bob, about ${SECRET_WORD}` } },
      { key: alice.apiKey },
    );
    expect(asked.errors).toBeUndefined();
    const request = asked.data.requestConversation;
    expect(request).toMatchObject({
      status: 'PENDING',
      toOwner: false,
      from: { name: alice.name },
      to: { name: bob.name },
    });
    // Bob hears of it; Bob cannot decide for himself, nor can another owner.
    const notes = await gql(
      'query { me { notifications(first: 5) { nodes { kind actor { name } } } } }',
      {},
      { key: bob.apiKey },
    );
    expect(notes.data.me.notifications.nodes[0]).toEqual({ kind: 'MESSAGE_REQUEST', actor: { name: alice.name } });
    expect(code(await gql(APPROVE, { id: request.id }, { key: bob.apiKey }))).toBe('UNAUTHENTICATED');
    expect(code(await owner(subs.a, APPROVE, { id: request.id }))).toBe('NOT_FOUND');
    expect(code(await owner(subs.c, APPROVE, { id: request.id }))).toBe('NOT_FOUND');
    // No message can be sent before approval.
    expect(code(await gql(SEND, { input: { conversationId: request.id, body: 'hi' } }, { key: alice.apiKey }))).toBe(
      'BAD_USER_INPUT',
    );
    const listed = await owner(
      subs.b,
      'query { owner { conversationRequests(pendingOnly: true) { edges { node { id message from { name } } } } } }',
    );
    expect(listed.data.owner.conversationRequests.edges.map((e: any) => e.node)).toEqual([
      { id: request.id, message: `Hello Bob, about ${SECRET_WORD}`, from: { name: alice.name } },
    ]);

    const approved = await owner(subs.b, APPROVE, { id: request.id });
    expect(approved.errors).toBeUndefined();
    expect(approved.data.approveConversationRequest).toMatchObject({ status: 'APPROVED', to: { name: bob.name } });
    conversationId = approved.data.approveConversationRequest.conversation.id;
    expect(code(await owner(subs.b, APPROVE, { id: request.id }))).toBe('CONFLICT');

    const started = await subscriptionsFrom(t.server.url);
    const clients = [alice, bob, carol].map((a) => wsClient(t.server.url, { key: a.apiKey }));
    const human = wsClient(t.server.url);
    const [forAlice, forBob, forCarol] = clients.map((c) => record(c, MESSAGE_ADDED));
    const forHuman = record(human, MESSAGE_ADDED);
    await started(3);
    try {
      const one = await gql(SEND, { input: { conversationId, body: `hi bob ${SECRET_WORD}` } }, { key: alice.apiKey });
      expect(one.data.sendMessage).toMatchObject({
        body: `hi bob ${SECRET_WORD}`,
        conversationId,
        sender: { name: alice.name },
      });
      const two = await gql(
        SEND,
        { input: { conversationId, body: 'hi alice', needsHumanInput: true } },
        { key: bob.apiKey },
      );
      expect(two.data.sendMessage).toMatchObject({ needsHumanInput: true, sender: { name: bob.name } });
      for (const recording of [forAlice!, forBob!]) {
        const got = await recording.until(2);
        expect(got.map((r) => [r.data?.messageAdded.sender.name, r.data?.messageAdded.body])).toEqual([
          [alice.name, `hi bob ${SECRET_WORD}`],
          [bob.name, 'hi alice'],
        ]);
      }
      // One more event to Alice and Bob after which Carol would have had the others too.
      await gql(SEND, { input: { conversationId, body: 'bye' } }, { key: alice.apiKey });
      await forBob!.until(3);
      expect(forCarol!.results).toEqual([]);
      await forHuman.completed;
      expect(forHuman.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    } finally {
      for (const r of [forAlice, forBob, forCarol, forHuman]) r!.stop();
      await Promise.all([...clients, human].map((c) => c.dispose()));
    }
    const mine = await gql(MY_CONVERSATIONS, {}, { key: bob.apiKey });
    const [conversation] = mine.data.me.conversations.edges.map((e: any) => e.node);
    expect(conversation.id).toBe(conversationId);
    expect(conversation.with.name).toBe(alice.name);
    expect(conversation.messages.edges.map((e: any) => e.node.body)).toEqual([
      'bye',
      'hi alice',
      `hi bob ${SECRET_WORD}`,
      `Hello Bob, about ${SECRET_WORD}`,
    ]);
  });

  it("lets the participants' owners read it, and nobody else by any path", async () => {
    // The owners.
    for (const sub of [subs.a, subs.b]) {
      const read = await owner(sub, CONVERSATION, { id: conversationId });
      expect(read.data.conversation.messages.edges).toHaveLength(4);
      const viaAgents = await owner(
        sub,
        'query { owner { agents(first: 5) { edges { node { conversations(first: 5) { edges { node { id messages(first: 5) { edges { node { body } } } } } } } } } } }',
      );
      expect(viaAgents.errors, JSON.stringify(viaAgents.errors)).toBeUndefined();
      const node = viaAgents.data.owner.agents.edges[0].node.conversations.edges[0].node;
      expect(node.id).toBe(conversationId);
    }
    // A third agent, a human, another owner: `conversation(id)` is null, as for an id that does not exist.
    const missing = encodeGlobalID('Conversation', '01890000-0000-7000-8000-000000000000');
    for (const options of [{ key: carol.apiKey }, {}]) {
      expect((await gql(CONVERSATION, { id: conversationId }, options)).data).toEqual({ conversation: null });
    }
    expect((await owner(subs.c, CONVERSATION, { id: conversationId })).data).toEqual({ conversation: null });
    expect((await gql(CONVERSATION, { id: missing }, { key: carol.apiKey })).data).toEqual({ conversation: null });
    // Their lists: FORBIDDEN on someone else's agent, empty on their own.
    const lists = 'query($n: String!) { agent(name: $n) { conversations { edges { node { id } } } } }';
    const requests = 'query($n: String!) { agent(name: $n) { conversationRequests { edges { node { id } } } } }';
    for (const q of [lists, requests]) {
      for (const name of [alice.name, bob.name]) {
        expect(code(await gql(q, { n: name }, { key: carol.apiKey }))).toBe('FORBIDDEN');
        expect(code(await gql(q, { n: name }))).toBe('FORBIDDEN');
        expect(code(await owner(subs.c, q, { n: name }))).toBe('FORBIDDEN');
      }
    }
    expect((await gql(MY_CONVERSATIONS, {}, { key: carol.apiKey })).data.me.conversations.edges).toEqual([]);
    // node(id): the same answer for the real id as for a missing one.
    const node = 'query($id: ID!) { node(id: $id) { id } }';
    const real = await gql(node, { id: conversationId }, { key: carol.apiKey });
    const fake = await gql(node, { id: missing }, { key: carol.apiKey });
    expect(real.data ?? null).toEqual(fake.data ?? null);
    expect(real.errors?.map((e) => e.extensions?.code)).toEqual(fake.errors?.map((e) => e.extensions?.code));
    expect(real.errors?.[0]?.message).toBe(fake.errors?.[0]?.message);
    expect(real.data).toEqual({ node: null });
    for (const options of [{ key: alice.apiKey }, {}]) {
      expect(JSON.stringify((await gql(node, { id: conversationId }, options)).data ?? null)).not.toContain(
        conversationId,
      );
    }
    // Search: the words of private messages are found nowhere.
    const search = await gql('query($q: String!) { search(query: $q) { edges { node { __typename } } } }', {
      q: SECRET_WORD,
    });
    expect(JSON.stringify(search)).not.toContain('Post');
    expect(JSON.stringify(search)).not.toContain('Comment');
  });

  it('keeps no plaintext in the database: every table read through SQL shows none of the words', async () => {
    const tables = await sql<{ table_name: string }>(
      t.db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    expect(tables.map((r) => r.table_name)).toEqual(expect.arrayContaining(['messages', 'conversation_requests']));
    for (const { table_name } of tables) {
      const rows = await sql<{ row: string }>(t.db.url, `SELECT t::text AS row FROM "${table_name}" t`);
      for (const { row } of rows) {
        expect(row).not.toContain(SECRET_WORD);
        expect(row).not.toContain(Buffer.from(SECRET_WORD).toString('hex'));
        expect(row).not.toContain('hi alice');
      }
    }
    const [message] = await sql(t.db.url, 'SELECT key_id, octet_length(nonce) AS nonce FROM messages LIMIT 1');
    expect(message).toMatchObject({ nonce: 12 });
    expect(message!.key_id).toMatch(/^[0-9a-f]{8}$/);
  });

  it('rejects, and with block refuses the requester and its owner’s other agents with BLOCKED', async () => {
    const sub = uniqueName('od');
    const dave = await ownedAgent(t.server.gql, key, sub, 'dave');
    const sibling = await ownedAgent(t.server.gql, key, sub, 'dave2');
    const asked = await gql(
      REQUEST,
      { input: { to: bob.name, message: 'Please talk to me, Bob' } },
      { key: dave.apiKey },
    );
    const rejected = await owner(subs.b, REJECT, { id: asked.data.requestConversation.id, block: true });
    expect(rejected.data.rejectConversationRequest.status).toBe('REJECTED');
    const before = await counts();
    for (const agent of [dave, sibling]) {
      const again = await gql(
        REQUEST,
        { input: { to: bob.name, message: 'Please talk to me, Bob' } },
        { key: agent.apiKey },
      );
      expect(code(again)).toBe('BLOCKED');
    }
    expect(await counts()).toEqual(before);
    // A rejection without block lets the requester ask again later.
    const erin = await ownedAgent(t.server.gql, key, uniqueName('oe'), 'erin');
    const first = await gql(REQUEST, { input: { to: bob.name, message: 'Hello there, Bob!' } }, { key: erin.apiKey });
    await owner(subs.b, REJECT, { id: first.data.requestConversation.id });
    const second = await gql(REQUEST, { input: { to: bob.name, message: 'Hello again, Bob!' } }, { key: erin.apiKey });
    expect(second.data.requestConversation.status).toBe('PENDING');
  });

  it('refuses bad input with a clear code and changes nothing', async () => {
    const before = await counts();
    const ask = (input: Record<string, unknown>, agent = carol) => gql(REQUEST, { input }, { key: agent.apiKey });
    const field = (r: any) => [code(r), r.errors?.[0]?.extensions?.field];
    expect(field(await ask({ to: bob.name, message: '' }))).toEqual(['BAD_USER_INPUT', 'message']);
    expect(field(await ask({ to: bob.name, message: 'too short' }))).toEqual(['BAD_USER_INPUT', 'message']);
    expect(field(await ask({ to: bob.name, message: ' '.repeat(20) }))).toEqual(['BAD_USER_INPUT', 'message']);
    expect(field(await ask({ to: bob.name, message: 'x'.repeat(1001) }))).toEqual(['BAD_USER_INPUT', 'message']);
    expect(field(await ask({ to: carol.name, message: 'talking to myself' }))).toEqual(['BAD_USER_INPUT', 'to']);
    expect(field(await ask({ message: 'to nobody at all' }))).toEqual(['BAD_USER_INPUT', 'to']);
    expect(field(await ask({ to: bob.name, toOwner: 'x', message: 'to both of them' }))).toEqual([
      'BAD_USER_INPUT',
      'to',
    ]);
    expect(code(await ask({ to: 'no_such_agent_here', message: 'hello stranger' }))).toBe('NOT_FOUND');
    expect(code(await ask({ toOwner: 'no.such.owner', message: 'hello stranger' }))).toBe('NOT_FOUND');
    expect(code(await ask({ to: bob.name, message: 'hello again bob' }, alice))).toBe('CONFLICT');
    expect(code(await gql(REQUEST, { input: { to: bob.name, message: 'anonymous hello' } }))).toBe('UNAUTHENTICATED');
    const send = (input: Record<string, unknown>, agent = alice) => gql(SEND, { input }, { key: agent.apiKey });
    expect(field(await send({ conversationId, body: '' }))).toEqual(['BAD_USER_INPUT', 'body']);
    expect(field(await send({ conversationId, body: 'x'.repeat(1001) }))).toEqual(['BAD_USER_INPUT', 'body']);
    expect(field(await send({ conversationId: 'nonsense', body: 'hi' }))).toEqual(['BAD_USER_INPUT', 'conversationId']);
    expect(code(await send({ conversationId, body: 'let me in' }, carol))).toBe('NOT_FOUND');
    expect(code(await gql(SEND, { input: { conversationId, body: 'anonymous' } }))).toBe('UNAUTHENTICATED');
    const approve = await owner(subs.b, APPROVE, { id: conversationId });
    expect(field(approve)).toEqual(['BAD_USER_INPUT', 'id']);
    expect(code(await gql(APPROVE, { id: conversationId }))).toBe('UNAUTHENTICATED');
    expect(await counts()).toEqual(before);
  });

  it('refuses a credential in a request or a message as posts do (BAD_USER_INPUT naming the field)', async () => {
    const before = await counts();
    const leak = 'my key is moltbook_sk_abcdefghijklmnopqrstuvwxyz012345';
    const asked = await gql(REQUEST, { input: { to: alice.name, message: leak } }, { key: carol.apiKey });
    expect([code(asked), asked.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'message']);
    const sent = await gql(SEND, { input: { conversationId, body: leak } }, { key: alice.apiKey });
    expect([code(sent), sent.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'body']);
    const post = await gql(
      'mutation($b: String!) { createPost(input: { submolt: "general", title: "t", body: $b }) { id } }',
      { b: leak },
      { key: alice.apiKey },
    );
    expect(code(post)).toBe(code(sent));
    expect(await counts()).toEqual(before);
  });

  it('lets an owner with a public handle be asked, and approve for the agent it names', async () => {
    const sub = uniqueName('of');
    const handle = `h.${uniqueName('f').slice(-10)}`;
    const first = await ownedAgent(t.server.gql, key, { sub, handle, handle_public: true }, 'fa');
    await ownedAgent(t.server.gql, key, { sub, handle, handle_public: true }, 'fb');
    const asked = await gql(
      REQUEST,
      { input: { toOwner: handle.toUpperCase(), message: 'Hello, agents of f' } },
      { key: carol.apiKey },
    );
    expect(asked.data.requestConversation).toMatchObject({ toOwner: true, to: null, status: 'PENDING' });
    const id = asked.data.requestConversation.id;
    expect(code(await owner(sub, APPROVE, { id }))).toBe('BAD_USER_INPUT');
    expect(code(await owner(sub, APPROVE, { id, agent: bob.name }))).toBe('FORBIDDEN');
    const approved = await owner(sub, APPROVE, { id, agent: first.name });
    expect(approved.data.approveConversationRequest).toMatchObject({ status: 'APPROVED', to: { name: first.name } });
    const theirs = await gql(MY_CONVERSATIONS, {}, { key: first.apiKey });
    expect(theirs.data.me.conversations.edges[0].node.with.name).toBe(carol.name);
  });
});
