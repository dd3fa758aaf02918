/**
 * Private messages across instances of one deployment (one database, one Redis, one MESSAGE_KEY): a
 * message sent on one instance reaches its participants subscribed on the other, and nobody else; a
 * second deployment on the same Redis hears nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployments, type Deployments } from '../support/server.js';
import { newIssuer, uniqueName, type TestAgent } from '../support/agents.js';
import { ownedAgent } from '../owners/support.js';
import { record, subscriptionsFrom, wsClient } from '../realtime/support.js';
import { APPROVE, asOwner, MESSAGE_ADDED, newMessageKey, REQUEST, SEND } from './support.js';

describe('private messages across instances', () => {
  let d: Deployments;
  let alice: TestAgent;
  let bob: TestAgent;
  let carol: TestAgent;
  let conversationId: string;

  beforeAll(async () => {
    const issuer = await newIssuer();
    d = await startDeployments({ TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers, MESSAGE_KEY: newMessageKey() });
    const subB = uniqueName('ib');
    alice = await ownedAgent(d.a.gql, issuer.privateKey, uniqueName('ia'), 'ia');
    bob = await ownedAgent(d.a.gql, issuer.privateKey, subB, 'ib');
    carol = await ownedAgent(d.a.gql, issuer.privateKey, uniqueName('ic'), 'ic');
    const asked = await d.a.gql(
      REQUEST,
      { input: { to: bob.name, message: 'across the instances' } },
      { key: alice.apiKey },
    );
    const approved = await asOwner(d.b.gql, issuer.privateKey, subB, APPROVE, {
      id: asked.data.requestConversation.id,
    });
    conversationId = approved.data.approveConversationRequest.conversation.id;
  });
  afterAll(() => d?.stop());

  it('delivers a message sent on one instance to the participants subscribed on the other only', async () => {
    const started = await subscriptionsFrom(d.b.url);
    const clients = [alice, carol].map((agent) => wsClient(d.b.url, { key: agent.apiKey }));
    const [forAlice, forCarol] = clients.map((c) => record(c, MESSAGE_ADDED));
    await started(2);
    try {
      const sent = await d.a.gql(SEND, { input: { conversationId, body: 'sent on a' } }, { key: bob.apiKey });
      expect(sent.errors).toBeUndefined();
      const [got] = await forAlice!.until(1);
      expect(got!.data?.messageAdded).toMatchObject({ body: 'sent on a', conversationId, sender: { name: bob.name } });
      await d.a.gql(SEND, { input: { conversationId, body: 'and again' } }, { key: bob.apiKey });
      await forAlice!.until(2);
      expect(forCarol!.results).toEqual([]);
      // The other deployment shares the Redis and knows nothing of this conversation.
      const read = await d.other.gql('query($id: ID!) { conversation(id: $id) { id } }', { id: conversationId });
      expect(read.data).toEqual({ conversation: null });
    } finally {
      forAlice!.stop();
      forCarol!.stop();
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });
});
