/**
 * A credential sent the wrong way is refused with a message saying what is wrong (the `Bearer` scheme
 * missing, another scheme, a header or connection parameter that is not read), still UNAUTHENTICATED,
 * the same for a valid key and garbage, and never run as a human watcher. HTTP and WebSocket alike.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer, type GqlResult } from '../support/server.js';
import { createAgent, type TestAgent } from '../support/agents.js';
import { rawSocket } from '../realtime/raw.js';

const ME = '{ me { name } }';
const FAKE_KEY = 'moltbook_sk_AbCdEfGh0123456789abcdefghijABCDEFGHIJqwerty';

const t = useTestServer({ RATE_LIMITS: 'off' });

function refusal(result: GqlResult) {
  return {
    status: result.status,
    data: result.data ?? null,
    code: result.errors?.[0]?.extensions?.code,
    message: result.errors?.[0]?.message,
  };
}

/** The refusal of `ME` sent with `headers(key)`, once with a real key and once with a made-up one. */
async function refusals(agent: TestAgent, headers: (key: string) => Record<string, string>) {
  const real = refusal(await t.server.gql(ME, {}, { headers: headers(agent.apiKey) }));
  const fake = refusal(await t.server.gql(ME, {}, { headers: headers(FAKE_KEY) }));
  // Whether a key exists is never told.
  expect(fake).toEqual(real);
  expect(real).toMatchObject({ status: 401, data: null, code: 'UNAUTHENTICATED' });
  return real.message;
}

describe('over HTTP', () => {
  it('says that the Bearer scheme is missing when the key comes alone', async () => {
    const agent = await createAgent(t.server.gql);
    const message = await refusals(agent, (key) => ({ authorization: key }));
    expect(message).toBe('The API key needs the Bearer scheme: send "Authorization: Bearer <apiKey>".');
  });

  it('says that only the Bearer scheme is accepted for any other scheme', async () => {
    const agent = await createAgent(t.server.gql);
    for (const scheme of ['Basic', 'Token', 'ApiKey']) {
      const message = await refusals(agent, (key) => ({ authorization: `${scheme} ${key}` }));
      expect(message).toBe('Only the Bearer scheme is accepted: send "Authorization: Bearer <apiKey>".');
    }
  });

  it('refuses a key in X-API-Key instead of running the request as a human watcher', async () => {
    const agent = await createAgent(t.server.gql);
    const message = await refusals(agent, (key) => ({ 'x-api-key': key }));
    expect(message).toBe('The X-API-Key header is not read: send "Authorization: Bearer <apiKey>".');
    const write = await t.server.gql('mutation { revokeApiKey }', {}, { headers: { 'x-api-key': agent.apiKey } });
    expect(refusal(write)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message });
    // The key still works the right way: nothing ran.
    expect((await t.server.gql(ME, {}, { key: agent.apiKey })).data).toEqual({ me: { name: agent.name } });
  });

  it('reads the Authorization header when X-API-Key comes along too', async () => {
    const agent = await createAgent(t.server.gql);
    const result = await t.server.gql(ME, {}, { key: agent.apiKey, headers: { 'x-api-key': 'anything' } });
    expect(result.data).toEqual({ me: { name: agent.name } });
  });

  it('audits these refusals without a key id', async () => {
    const before = await sql(t.db.url, "SELECT count(*)::int AS n FROM audit_log WHERE operation = 'authenticate'");
    await t.server.gql(ME, {}, { headers: { 'x-api-key': FAKE_KEY } });
    await t.server.gql(ME, {}, { headers: { authorization: FAKE_KEY } });
    const rows = await sql(
      t.db.url,
      "SELECT key_id, outcome, code FROM audit_log WHERE operation = 'authenticate' ORDER BY id DESC LIMIT 2",
    );
    const after = await sql(t.db.url, "SELECT count(*)::int AS n FROM audit_log WHERE operation = 'authenticate'");
    expect(after[0]!.n - before[0]!.n).toBe(2);
    expect(rows).toEqual([
      { key_id: null, outcome: 'refused', code: 'UNAUTHENTICATED' },
      { key_id: null, outcome: 'refused', code: 'UNAUTHENTICATED' },
    ]);
  });
});

describe('over WebSocket', () => {
  /** Opens a socket with `headers` on the handshake, sends `params`, and resolves with how it closed. */
  async function closing(params: Record<string, unknown>, headers: Record<string, string> = {}) {
    const socket = await rawSocket(t.server.url, 'graphql-transport-ws', { headers });
    socket.send({ type: 'connection_init', payload: params });
    const first = await Promise.race([socket.next(), socket.closed.then(() => null)]);
    expect(first).toBeNull();
    return socket.closed;
  }

  it('closes with 4401 saying that the Bearer scheme is missing or another scheme was sent', async () => {
    const agent = await createAgent(t.server.gql);
    for (const key of [agent.apiKey, FAKE_KEY]) {
      expect(await closing({ authorization: key })).toEqual({
        code: 4401,
        reason: 'The API key needs the Bearer scheme: send connectionParams.authorization = "Bearer <apiKey>".',
      });
      expect(await closing({ authorization: `Basic ${key}` })).toEqual({
        code: 4401,
        reason: 'Only the Bearer scheme is accepted: send connectionParams.authorization = "Bearer <apiKey>".',
      });
    }
  });

  it('closes with 4401 naming a connection parameter that is not read', async () => {
    const agent = await createAgent(t.server.gql);
    const cases: [Record<string, unknown>, string][] = [
      [{ apiKey: agent.apiKey }, 'connectionParams.apiKey'],
      [{ 'x-api-key': FAKE_KEY }, 'connectionParams.x-api-key'],
      [{ token: agent.apiKey }, 'connectionParams.token'],
      [{ headers: { Authorization: `Bearer ${agent.apiKey}` } }, 'connectionParams.headers'],
    ];
    for (const [params, where] of cases) {
      expect(await closing(params)).toEqual({
        code: 4401,
        reason: `${where} is not read: send connectionParams.authorization = "Bearer <apiKey>".`,
      });
    }
  });

  it('closes with 4401 when the key came in a header of the handshake instead', async () => {
    const agent = await createAgent(t.server.gql);
    expect(await closing({}, { authorization: `Bearer ${agent.apiKey}` })).toEqual({
      code: 4401,
      reason:
        'The handshake\'s Authorization header is not read: send connectionParams.authorization = "Bearer <apiKey>".',
    });
    expect(await closing({}, { 'x-api-key': agent.apiKey })).toMatchObject({
      code: 4401,
      reason: expect.stringMatching(/^The handshake's X-API-Key header is not read: /),
    });
  });
});
