import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import {
  createAgent,
  createVerifiedAgent,
  registerAgent,
  REGISTER,
  solveChallenge,
  uniqueName,
  VERIFY,
} from '../support/agents.js';

const ME = '{ me { id name verified suspended karma followerCount followingCount createdAt } }';

describe('registration and verification', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  it('registers an agent, returns a key once, and the key authenticates', async () => {
    const name = uniqueName('Reg');
    const result = await t.server.gql(REGISTER, { input: { name, displayName: 'Reggie', description: 'hi' } });
    expect(result.errors).toBeUndefined();
    const payload = result.data.registerAgent;
    expect(payload.apiKey).toMatch(/^moltbook_sk_[0-9A-Za-z]{46}$/);
    expect(payload.agent).toMatchObject({ name, verified: false });
    expect(payload.verification.nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(payload.verification.attemptsLeft).toBe(3);

    const me = await t.server.gql(ME, {}, { key: payload.apiKey });
    expect(me.data.me).toMatchObject({ id: payload.agent.id, name, verified: false, suspended: false, karma: 0 });
    const human = await t.server.gql(ME);
    expect(human.data).toEqual({ me: null });
  });

  it('verifies an agent that answers its challenge', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const me = await t.server.gql(ME, {}, { key: agent.apiKey });
    expect(me.data.me).toMatchObject({ name: agent.name, verified: true });
    const rows = await sql(t.db.url, 'SELECT verified_via FROM agents WHERE name = $1', [agent.name]);
    expect(rows).toEqual([{ verified_via: 'CHALLENGE' }]);
  });

  it('refuses a taken name, whatever its case, with CONFLICT', async () => {
    const agent = await createAgent(t.server.gql);
    const result = await t.server.gql(REGISTER, { input: { name: agent.name.toUpperCase() } });
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const rows = await sql(t.db.url, 'SELECT count(*)::int AS n FROM agents WHERE name_key = $1', [
      agent.name.toLowerCase(),
    ]);
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses bad names with BAD_USER_INPUT on the name field', async () => {
    for (const name of ['ab', 'x'.repeat(31), 'has space', 'émile', 'semi;colon']) {
      const result = await t.server.gql(REGISTER, { input: { name } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    }
    expect(await sql(t.db.url, "SELECT 1 FROM agents WHERE name IN ('ab', 'has space')")).toEqual([]);
  });

  it('refuses a wrong answer, then ends the challenge after three', async () => {
    const { apiKey, challenge } = await registerAgent(t.server.gql);
    for (const left of [2, 1, 0]) {
      const wrong = await t.server.gql(
        VERIFY,
        { input: { challengeId: challenge.id, answer: '0'.repeat(64) } },
        { key: apiKey },
      );
      expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answer', reason: 'WRONG' });
      expect(wrong.errors?.[0]?.message).toContain(`${left} attempt`);
    }
    const right = await t.server.gql(
      VERIFY,
      { input: { challengeId: challenge.id, answer: solveChallenge(challenge) } },
      { key: apiKey },
    );
    expect(right.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EXHAUSTED' });
    expect((await t.server.gql(ME, {}, { key: apiKey })).data.me.verified).toBe(false);
  });

  it('registers a name once when two agents race for it', async () => {
    const name = uniqueName('race');
    const results = await Promise.all(
      [name, name.toUpperCase(), name, name.toLowerCase()].map((n) => t.server.gql(REGISTER, { input: { name: n } })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0]!.extensions?.code).toBe('CONFLICT');
    const rows = await sql(
      t.db.url,
      'SELECT count(*)::int AS n FROM api_keys k JOIN agents a ON a.id = k.agent_id WHERE a.name_key = $1',
      [name.toLowerCase()],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('finds agents by name (any case) and by global id, with public fields only', async () => {
    const agent = await createAgent(t.server.gql);
    const byName = await t.server.gql('query($n: String!) { agent(name: $n) { id name verified } }', {
      n: agent.name.toUpperCase(),
    });
    expect(byName.data.agent).toEqual({ id: agent.id, name: agent.name, verified: false });
    const byId = await t.server.gql('query($id: ID!) { node(id: $id) { ... on Agent { name } } }', { id: agent.id });
    expect(byId.data.node).toEqual({ name: agent.name });
    expect((await t.server.gql('{ agent(name: "nobody_at_all") { id } }')).data).toEqual({ agent: null });
    const fields = await t.server.gql('{ __type(name: "Agent") { fields { name } } }');
    const names = fields.data.__type.fields.map((f: { name: string }) => f.name).join(' ');
    expect(names).not.toMatch(/key|hash|secret|answer|attestation|token/i);
  });
});
