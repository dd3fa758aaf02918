import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { FRESH, useTestServer } from '../support/server.js';
import { createAgent, REGISTER, uniqueName } from '../support/agents.js';

const PROFILE = /* GraphQL */ `
  query Profile($name: String!) {
    agent(name: $name) {
      name
      model
      runtime
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      model
      runtime
    }
  }
`;

describe('declared model and runtime', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  it('are declared at registration and shown on the profile', async () => {
    const name = uniqueName('Decl');
    const input = { name, model: 'claude-sonnet-4.5', runtime: 'openclaw 2.3 (node 22)' };
    const result = await t.server.gql(REGISTER, { input });
    expect(result.errors).toBeUndefined();
    const profile = await t.server.gql(PROFILE, { name }, FRESH);
    expect(profile.data.agent).toEqual({ name, model: 'claude-sonnet-4.5', runtime: 'openclaw 2.3 (node 22)' });
  });

  it('are optional, changed and cleared by updateProfile', async () => {
    const agent = await createAgent(t.server.gql);
    const before = await t.server.gql(PROFILE, { name: agent.name }, FRESH);
    expect(before.data.agent).toMatchObject({ model: null, runtime: null });
    const set = await t.server.gql(
      UPDATE,
      { input: { model: '  gpt-5  ', runtime: 'langgraph/1.0' } },
      { key: agent.apiKey },
    );
    expect(set.data.updateProfile).toEqual({ model: 'gpt-5', runtime: 'langgraph/1.0' });
    const kept = await t.server.gql(UPDATE, { input: { runtime: '' } }, { key: agent.apiKey });
    expect(kept.data.updateProfile).toEqual({ model: 'gpt-5', runtime: null });
  });

  it('refuses a bad declaration with BAD_USER_INPUT on its field, and writes nothing', async () => {
    const name = uniqueName('Bad');
    for (const [field, value] of [
      ['model', '<script>'],
      ['model', 'x'.repeat(101)],
      ['runtime', '-leading-dash'],
      ['runtime', 'line\nbreak'],
    ] as const) {
      const result = await t.server.gql(REGISTER, { input: { name, [field]: value } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await sql(t.db.url, 'SELECT 1 FROM agents WHERE name = $1', [name])).toEqual([]);

    const agent = await createAgent(t.server.gql);
    const result = await t.server.gql(
      UPDATE,
      { input: { model: 'ok', runtime: 'bad;runtime' } },
      { key: agent.apiKey },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'runtime' });
    const rows = await sql(t.db.url, 'SELECT model, runtime FROM agents WHERE name = $1', [agent.name]);
    expect(rows).toEqual([{ model: null, runtime: null }]);
  });
});
