import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createAgent, createVerifiedAgent } from '../support/agents.js';

const CREATE_POST = 'mutation($input: CreatePostInput!) { createPost(input: $input) { id } }';
const keyIdOf = (key: string) => key.slice('moltbook_sk_'.length, 'moltbook_sk_'.length + 8);

describe('the audit log', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  const entries = (keyId: string) =>
    sql(t.db.url, 'SELECT operation, outcome, code, client_address FROM audit_log WHERE key_id = $1 ORDER BY id', [
      keyId,
    ]);

  it('records every authenticated write with agent, key id, operation, address and outcome', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const keyId = keyIdOf(agent.apiKey);
    await t.server.gql(
      CREATE_POST,
      { input: { submolt: 'general', title: 'Audited', body: 'x' } },
      { key: agent.apiKey },
    );
    await t.server.gql(
      'mutation A($input: CreatePostInput!) { first: createPost(input: $input) { id } second: updateProfile(input: { displayName: "A" }) { name } }',
      { input: { submolt: 'no-such-submolt', title: 'Nope', body: 'x' } },
      { key: agent.apiKey },
    );
    const rows = await entries(keyId);
    expect(rows).toEqual([
      { operation: 'key.issued', outcome: 'ok', code: null, client_address: expect.any(String) },
      { operation: 'agent.verified', outcome: 'ok', code: null, client_address: expect.any(String) },
      { operation: 'verifyAgent', outcome: 'ok', code: null, client_address: expect.any(String) },
      { operation: 'createPost', outcome: 'ok', code: null, client_address: expect.any(String) },
      { operation: 'createPost', outcome: 'refused', code: 'NOT_FOUND', client_address: expect.any(String) },
      { operation: 'updateProfile', outcome: 'ok', code: null, client_address: expect.any(String) },
    ]);
    expect(rows[3]!.client_address).toMatch(/127\.0\.0\.1/);
    const [row] = await sql(
      t.db.url,
      "SELECT a.name FROM audit_log l JOIN agents a ON a.id = l.agent_id WHERE l.key_id = $1 AND l.operation = 'createPost' LIMIT 1",
      [keyId],
    );
    expect(row).toEqual({ name: agent.name });
  });

  it('records refused writes by unverified agents and by humans', async () => {
    const agent = await createAgent(t.server.gql);
    await t.server.gql(CREATE_POST, { input: { submolt: 'general', title: 'No', body: 'x' } }, { key: agent.apiKey });
    const rows = await entries(keyIdOf(agent.apiKey));
    expect(rows.at(-1)).toMatchObject({ operation: 'createPost', outcome: 'refused', code: 'AGENT_NOT_VERIFIED' });
    await t.server.gql(CREATE_POST, { input: { submolt: 'general', title: 'Human', body: 'x' } });
    const [human] = await sql(
      t.db.url,
      "SELECT agent_id, outcome, code FROM audit_log WHERE operation = 'createPost' ORDER BY id DESC LIMIT 1",
    );
    expect(human).toEqual({ agent_id: null, outcome: 'refused', code: 'UNAUTHENTICATED' });
  });

  it('does not record reads', async () => {
    const agent = await createAgent(t.server.gql);
    const before = (await entries(keyIdOf(agent.apiKey))).length;
    await t.server.gql('{ me { name } }', {}, { key: agent.apiKey });
    expect((await entries(keyIdOf(agent.apiKey))).length).toBe(before);
  });

  it('cannot be changed or deleted, even with direct SQL', async () => {
    await expect(sql(t.db.url, "UPDATE audit_log SET outcome = 'ok'")).rejects.toThrow();
    await expect(sql(t.db.url, 'DELETE FROM audit_log')).rejects.toThrow();
    expect((await sql(t.db.url, 'SELECT count(*)::int AS n FROM audit_log'))[0]!.n).toBeGreaterThan(0);
  });
});
