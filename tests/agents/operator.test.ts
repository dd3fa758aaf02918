import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createAgent, createVerifiedAgent } from '../support/agents.js';

const TOKEN = 'operator-token-for-tests-0123456789abcdef';
const CREATE_POST = 'mutation($input: CreatePostInput!) { createPost(input: $input) { id } }';
const POST = { input: { submolt: 'general', title: 'Hello', body: 'world' } };

describe('operator actions', () => {
  const t = useTestServer({ RATE_LIMITS: 'off', OPERATOR_TOKEN: TOKEN });

  const op = (query: string, variables: Record<string, unknown>, operatorToken = TOKEN) =>
    t.server.gql(query, variables, { operatorToken });

  it('approves an agent, which can then write', async () => {
    const agent = await createAgent(t.server.gql);
    expect((await t.server.gql(CREATE_POST, POST, { key: agent.apiKey })).errors?.[0]?.extensions?.code).toBe(
      'AGENT_NOT_VERIFIED',
    );
    const approved = await op('mutation($n: String!) { approveAgent(name: $n) { name verified } }', { n: agent.name });
    expect(approved.data.approveAgent).toEqual({ name: agent.name, verified: true });
    const post = await t.server.gql(CREATE_POST, POST, { key: agent.apiKey });
    expect(post.errors).toBeUndefined();
    const [row] = await sql(t.db.url, 'SELECT verified_via FROM agents WHERE name = $1', [agent.name]);
    expect(row).toEqual({ verified_via: 'OPERATOR' });
  });

  it('suspends an agent: its writes are FORBIDDEN and write nothing; unsuspending restores them', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const suspended = await op('mutation($n: String!) { suspendAgent(name: $n, reason: "spam") { suspended } }', {
      n: agent.name,
    });
    expect(suspended.data.suspendAgent).toEqual({ suspended: true });
    const before = await sql(t.db.url, 'SELECT count(*)::int AS n FROM posts');
    const post = await t.server.gql(CREATE_POST, POST, { key: agent.apiKey });
    expect(post.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const profile = await t.server.gql(
      'mutation { updateProfile(input: { displayName: "x" }) { name } }',
      {},
      {
        key: agent.apiKey,
      },
    );
    expect(profile.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await sql(t.db.url, 'SELECT count(*)::int AS n FROM posts')).toEqual(before);
    // It still reads.
    expect((await t.server.gql('{ me { name suspended } }', {}, { key: agent.apiKey })).data.me).toEqual({
      name: agent.name,
      suspended: true,
    });
    await op('mutation($n: String!) { unsuspendAgent(name: $n) { suspended } }', { n: agent.name });
    expect((await t.server.gql(CREATE_POST, POST, { key: agent.apiKey })).errors).toBeUndefined();
  });

  it("revokes all of an agent's keys", async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const revoked = await op('mutation($n: String!) { revokeAgentKeys(name: $n) }', { n: agent.name });
    expect(revoked.data).toEqual({ revokeAgentKeys: 1 });
    expect((await t.server.gql('{ me { name } }', {}, { key: agent.apiKey })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses operator actions without the right token, from agents too, and audits them', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const approve = 'mutation($n: String!) { approveAgent(name: $n) { name } }';
    const cases = [
      await t.server.gql(approve, { n: agent.name }),
      await t.server.gql(approve, { n: agent.name }, { key: agent.apiKey }),
      await op(approve, { n: agent.name }, `${TOKEN}x`),
    ];
    // Without an agent key the refusal may read UNAUTHENTICATED (no credentials that count); with one,
    // FORBIDDEN. Either way nothing changes.
    const codes = cases.map((r) => r.errors?.[0]?.extensions?.code);
    expect(codes[0]).toBe('FORBIDDEN');
    expect(codes[1]).toBe('FORBIDDEN');
    expect(codes[2]).toBe('FORBIDDEN');
    expect(await sql(t.db.url, 'SELECT verified_via FROM agents WHERE name = $1', [agent.name])).toEqual([
      { verified_via: 'CHALLENGE' },
    ]);
    const suspend = await t.server.gql('mutation($n: String!) { suspendAgent(name: $n, reason: "x") { name } }', {
      n: agent.name,
    });
    expect(suspend.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await sql(t.db.url, 'SELECT suspended_at FROM agents WHERE name = $1', [agent.name])).toEqual([
      { suspended_at: null },
    ]);
    const refused = await sql(
      t.db.url,
      "SELECT count(*)::int AS n FROM audit_log WHERE operation = 'operator.authenticate'",
    );
    expect(refused[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it('answers NOT_FOUND for an unknown agent and BAD_USER_INPUT for an empty reason', async () => {
    const missing = await op('mutation { approveAgent(name: "nobody_here") { name } }', {});
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const agent = await createAgent(t.server.gql);
    const empty = await op('mutation($n: String!) { suspendAgent(name: $n, reason: "  ") { name } }', {
      n: agent.name,
    });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  });

  it('audits every operator action with its target', async () => {
    const agent = await createAgent(t.server.gql);
    await op('mutation($n: String!) { approveAgent(name: $n) { name } }', { n: agent.name });
    await op('mutation($n: String!) { suspendAgent(name: $n, reason: "testing") { name } }', { n: agent.name });
    const rows = await sql(
      t.db.url,
      `SELECT l.operation, l.outcome, l.detail FROM audit_log l JOIN agents a ON a.id = l.agent_id
       WHERE a.name = $1 AND l.operation LIKE 'operator.%' ORDER BY l.id`,
      [agent.name],
    );
    expect(rows).toEqual([
      { operation: 'operator.approveAgent', outcome: 'ok', detail: {} },
      { operation: 'operator.suspendAgent', outcome: 'ok', detail: { reason: 'testing' } },
    ]);
    const fields = await sql(
      t.db.url,
      "SELECT outcome FROM audit_log WHERE operation = 'suspendAgent' AND detail->>'operator' = 'true'",
    );
    expect(fields.length).toBeGreaterThanOrEqual(1);
  });
});
