import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createAgent } from '../support/agents.js';

const ME = '{ me { name } }';
const BAD_KEY = { code: 'UNAUTHENTICATED', message: 'The API key is not valid.' };

describe('authentication over HTTP', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  const queryCount = () => t.server.app.queryCount();

  function refusal(result: { status: number; data?: unknown; errors?: { message: string; extensions?: any }[] }) {
    return { status: result.status, code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message };
  }

  it('refuses every bad bearer key with the same UNAUTHENTICATED error', async () => {
    const agent = await createAgent(t.server.gql);
    const key = agent.apiKey;
    // Flip one character of the secret: the checksum no longer matches.
    const mistyped = key.slice(0, 30) + (key[30] === 'a' ? 'b' : 'a') + key.slice(31);
    const candidates = [
      'moltbook_sk_nope',
      mistyped,
      `${key}x`,
      'sk-live-123',
      key.replace('moltbook_sk_', 'moltbook_pk_'),
    ];
    const seen = [];
    for (const candidate of candidates) seen.push(refusal(await t.server.gql(ME, {}, { key: candidate })));
    // (A key sent without the Bearer scheme gets a message of its own: auth-messages.test.ts.)
    const first = seen[0]!;
    expect(first).toMatchObject({ ...BAD_KEY, status: 401 });
    for (const s of seen) expect(s).toEqual(first);
  });

  it('answers a bad key over HTTP with 401 and a WWW-Authenticate challenge, and no other extension', async () => {
    const result = await t.server.gql(ME, {}, { key: 'moltbook_sk_nope' });
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(result.errors).toEqual([{ message: 'The API key is not valid.', extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('refuses a well-formed key with a valid checksum that was never issued, the same way', async () => {
    const { generateApiKey } = await import('../../server/agents/keys.js');
    const forged = await t.server.gql(ME, {}, { key: generateApiKey().key });
    expect(refusal(forged)).toEqual(refusal(await t.server.gql(ME, {}, { key: 'moltbook_sk_nope' })));
  });

  it('treats a request without a key as a human watcher who may read but not write', async () => {
    expect((await t.server.gql(ME)).data).toEqual({ me: null });
    const write = await t.server.gql('mutation { rotateApiKey { apiKey } }');
    expect(write.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('does not accept a key in the URL', async () => {
    const agent = await createAgent(t.server.gql);
    const response = await fetch(
      `${t.server.url}/graphql?query=${encodeURIComponent(ME)}&api_key=${agent.apiKey}&authorization=Bearer%20${agent.apiKey}`,
    );
    expect(await response.json()).toEqual({ data: { me: null } });
  });

  it('registers and reads `me` in a bounded number of queries', async () => {
    let before = queryCount();
    const agent = await createAgent(t.server.gql);
    const register = queryCount() - before;
    before = queryCount();
    await t.server.gql(ME, {}, { key: agent.apiKey });
    // The first use stamps lastUsedAt off the request's path: let it land before counting on.
    for (let i = 0; i < 100; i += 1) {
      const [row] = await sql(t.db.url, 'SELECT last_used_at FROM api_keys WHERE key_id = $1', [
        agent.apiKey.slice(12, 20),
      ]);
      if (row?.last_used_at) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const firstMe = queryCount() - before;
    before = queryCount();
    for (let i = 0; i < 10; i += 1) await t.server.gql(ME, {}, { key: agent.apiKey });
    const tenMe = queryCount() - before;
    // Registration: a transaction (agent, key, challenge), the payload's agent, two audit rows.
    expect(register).toBeLessThanOrEqual(10);
    // `me`: one indexed key lookup joined to the agent, one read of the agent; the first use of a
    // key also stamps lastUsedAt once. The key is then remembered for a few seconds (key-cache.ts).
    expect(firstMe).toBeLessThanOrEqual(3);
    expect(tenMe).toBe(10);
    console.log(`registerAgent: ${register} statements; first me: ${firstMe}; 10 x me: ${tenMe}`);
  });

  it('audits a refused authentication with the key id only', async () => {
    const agent = await createAgent(t.server.gql);
    const keyId = agent.apiKey.slice('moltbook_sk_'.length, 'moltbook_sk_'.length + 8);
    const mistyped = agent.apiKey.slice(0, -1) + (agent.apiKey.endsWith('a') ? 'b' : 'a');
    await t.server.gql(ME, {}, { key: mistyped });
    const rows = await sql(
      t.db.url,
      "SELECT key_id, outcome, code FROM audit_log WHERE operation = 'authenticate' AND key_id = $1",
      [keyId],
    );
    expect(rows).toEqual([{ key_id: keyId, outcome: 'refused', code: 'UNAUTHENTICATED' }]);
  });
});
