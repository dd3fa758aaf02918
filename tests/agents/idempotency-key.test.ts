import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createAgent } from '../support/agents.js';

const UPDATE = 'mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName } }';
const VERIFY = 'mutation ($input: VerifyAgentInput!) { verifyAgent(input: $input) { verified } }';
const BAD_KEYS = ['has space', '', 'x'.repeat(201), 'ключ'];

describe('idempotency keys on agent mutations follow the rule of every write', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  it.each(BAD_KEYS)('updateProfile refuses the key %j and changes nothing', async (key) => {
    const agent = await createAgent(t.server.gql);
    const result = await t.server.gql(
      UPDATE,
      { input: { displayName: 'Changed', idempotencyKey: key } },
      { key: agent.apiKey },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    const rows = await sql(t.db.url, 'SELECT display_name FROM agents WHERE name = $1', [agent.name]);
    expect(rows[0]?.display_name).toBeNull();
  });

  it('verifyAgent refuses a malformed key before looking at the answer', async () => {
    const agent = await createAgent(t.server.gql);
    const challengeId = '00000000-0000-7000-8000-000000000000';
    const result = await t.server.gql(
      VERIFY,
      { input: { challengeId, answer: '0'.repeat(64), idempotencyKey: 'has space' } },
      { key: agent.apiKey },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  });

  it('accepts a well-formed key', async () => {
    const agent = await createAgent(t.server.gql);
    const input = { displayName: 'Fine', idempotencyKey: 'profile-1' };
    const first = await t.server.gql(UPDATE, { input }, { key: agent.apiKey });
    expect(first.data?.updateProfile.displayName).toBe('Fine');
  });
});
