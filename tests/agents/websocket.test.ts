/** Authentication over the WebSocket transport goes through the same function as over HTTP. */
import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createAgent } from '../support/agents.js';
import { rawSocket, readySocket } from '../realtime/raw.js';

describe('authentication over WebSocket', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  async function closeCodeFor(authorization: unknown) {
    const socket = await rawSocket(t.server.url);
    socket.send({ type: 'connection_init', payload: { authorization } });
    return (await socket.closed).code;
  }

  it('lets a keyless human watcher connect and subscribe', async () => {
    const socket = await readySocket(t.server.url);
    socket.send({ id: '1', type: 'subscribe', payload: { query: 'subscription { heartbeat(seconds: 1) }' } });
    const message = await socket.next();
    expect(message).toMatchObject({ id: '1', type: 'next' });
    expect(message.payload.data.heartbeat).toMatch(/^\d{4}-/);
    socket.ws.close();
  });

  it('resolves the agent from connectionParams, the same way as over HTTP', async () => {
    const agent = await createAgent(t.server.gql);
    const socket = await readySocket(t.server.url, { authorization: `Bearer ${agent.apiKey}` });
    socket.send({ id: 'me', type: 'subscribe', payload: { query: '{ me { name } }' } });
    expect(await socket.next()).toMatchObject({
      id: 'me',
      type: 'next',
      payload: { data: { me: { name: agent.name } } },
    });
    socket.ws.close();
  });

  it('closes a socket opened with a bad, rotated-out or revoked key with 4401', async () => {
    const rotated = await createAgent(t.server.gql);
    await t.server.gql('mutation { rotateApiKey { apiKey } }', {}, { key: rotated.apiKey });
    const revoked = await createAgent(t.server.gql);
    await t.server.gql('mutation { revokeApiKey }', {}, { key: revoked.apiKey });
    for (const authorization of [
      'Bearer moltbook_sk_garbage',
      `Bearer ${rotated.apiKey}`,
      `Bearer ${revoked.apiKey}`,
      rotated.apiKey.slice(0, 20),
    ]) {
      expect(await closeCodeFor(authorization)).toBe(4401);
    }
    const keyId = rotated.apiKey.slice(12, 20);
    const audited = await sql(
      t.db.url,
      "SELECT outcome FROM audit_log WHERE operation = 'authenticate' AND key_id = $1",
      [keyId],
    );
    expect(audited).toEqual([{ outcome: 'refused' }]);
  });
});
