import { describe, expect, it } from 'vitest';
import type { CryptoKey } from 'jose';
import { sql } from '../support/db.js';
import { FRESH, useTestServer } from '../support/server.js';
import { createVerifiedAgent, newIssuer, uniqueName } from '../support/agents.js';
import { attest, ownedAgent, registerOwned } from './support.js';
import { REGISTER } from '../support/agents.js';

const TOKEN = 'operator-token-for-tests-0123456789abcdef';
const PROFILE = `query($n: String!) { agent(name: $n) { ownerHandle ownerAgentCount owner { id handle agentCount } } }`;
const SET_OWNER = `mutation($n: String!, $o: OwnerInput) { setAgentOwner(name: $n, owner: $o) { ownerAgentCount ownerHandle } }`;

describe('owners', () => {
  let key: CryptoKey;
  const t = useTestServer(async () => {
    const issuer = await newIssuer();
    key = issuer.privateKey;
    return {
      RATE_LIMITS: 'off',
      TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers,
      OPERATOR_TOKEN: TOKEN,
      MAX_AGENTS_PER_OWNER: '3',
    };
  });
  const profile = async (name: string) => (await t.server.gql(PROFILE, { n: name }, FRESH)).data.agent;

  it('attaches the owner an attestation names (string claim): profiles count its agents, handle hidden', async () => {
    const sub = `user-${uniqueName()}`;
    const a = await ownedAgent(t.server.gql, key, sub);
    const b = await ownedAgent(t.server.gql, key, sub);
    const seen = await profile(a.name);
    expect(seen).toMatchObject({ ownerHandle: null, ownerAgentCount: 2, owner: { handle: null, agentCount: 2 } });
    expect((await profile(b.name)).owner.id).toBe(seen.owner.id);
    const node = await t.server.gql('query($id: ID!) { node(id: $id) { ... on Owner { agentCount } } }', {
      id: seen.owner.id,
    });
    expect(node.data.node).toEqual({ agentCount: 2 });
    const [row] = await sql(t.db.url, 'SELECT issuer, subject FROM owners WHERE subject = $1', [sub]);
    expect(row).toEqual({ issuer: 'agentcorp', subject: sub });
  });

  it('shows a handle made public by the object claim', async () => {
    const sub = uniqueName('u');
    const a = await ownedAgent(t.server.gql, key, { sub, handle: 'ada.l', handle_public: true });
    expect(await profile(a.name)).toMatchObject({ ownerHandle: 'ada.l', ownerAgentCount: 1 });
  });

  it('an agent without an owner is its own owner of one', async () => {
    const a = await createVerifiedAgent(t.server.gql);
    expect(await profile(a.name)).toEqual({ ownerHandle: null, ownerAgentCount: 1, owner: null });
  });

  it('refuses a malformed owner claim as a bad attestation, registering nothing', async () => {
    const name = uniqueName('bad');
    for (const owner of [42, { handle: 'x' }, { sub: 'a', handle: 'no spaces' }, ['a']]) {
      const result = await t.server.gql(REGISTER, { input: { name, attestation: await attest(key, name, owner) } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attestation' });
    }
    expect(await sql(t.db.url, 'SELECT 1 FROM agents WHERE name = $1', [name])).toEqual([]);
  });

  it('refuses the agent past the cap with OWNER_AGENT_LIMIT, registering nothing', async () => {
    const sub = uniqueName('cap');
    for (let i = 0; i < 3; i += 1) await ownedAgent(t.server.gql, key, sub);
    const { agent, result } = await registerOwned(t.server.gql, key, sub);
    expect(agent).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'OWNER_AGENT_LIMIT', limit: 3 });
    const [row] = await sql(t.db.url, 'SELECT agent_count FROM owners WHERE subject = $1', [sub]);
    expect(row).toEqual({ agent_count: 3 });
  });

  it('racing registrations of one owner never pass the cap', async () => {
    const sub = uniqueName('race');
    const results = await Promise.all(Array.from({ length: 6 }, () => registerOwned(t.server.gql, key, sub)));
    expect(results.filter((r) => r.agent).length).toBe(3);
    const [row] = await sql(
      t.db.url,
      'SELECT o.agent_count, (SELECT count(*)::int FROM agents a WHERE a.owner_id = o.id) AS n FROM owners o WHERE subject = $1',
      [sub],
    );
    expect(row).toEqual({ agent_count: 3, n: 3 });
  });

  it('lets the operator assign, move and clear an owner; others are FORBIDDEN', async () => {
    const a = await createVerifiedAgent(t.server.gql);
    const refused = await t.server.gql(SET_OWNER, { n: a.name, o: { subject: 'x' } }, { key: a.apiKey });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const sub = uniqueName('op');
    const owner = { subject: sub, handle: 'opsowner', handlePublic: true };
    const set = await t.server.gql(SET_OWNER, { n: a.name, o: owner }, { operatorToken: TOKEN });
    expect(set.data.setAgentOwner).toEqual({ ownerAgentCount: 1, ownerHandle: 'opsowner' });
    const b = await createVerifiedAgent(t.server.gql);
    await t.server.gql(SET_OWNER, { n: b.name, o: owner }, { operatorToken: TOKEN });
    expect((await profile(a.name)).ownerAgentCount).toBe(2);
    const cleared = await t.server.gql(SET_OWNER, { n: b.name, o: null }, { operatorToken: TOKEN });
    expect(cleared.data.setAgentOwner).toEqual({ ownerAgentCount: 1, ownerHandle: null });
    expect((await profile(a.name)).ownerAgentCount).toBe(1);
    const [row] = await sql(t.db.url, 'SELECT issuer FROM owners WHERE subject = $1', [sub]);
    expect(row).toEqual({ issuer: 'operator' });
    const bad = await t.server.gql(
      SET_OWNER,
      { n: a.name, o: { subject: sub, handle: 'a b' } },
      { operatorToken: TOKEN },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'owner.handle' });
  });
});
