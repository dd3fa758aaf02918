/** Owner assertions: an owner acts on its own agents with a short-lived JWT from its trusted issuer. */
import { beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, type CryptoKey } from 'jose';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, newIssuer, uniqueName, type TestAgent } from '../support/agents.js';
import { ownedAgent } from './support.js';

const TOKEN = 'operator-token-for-tests-0123456789abcdef';
const ME = 'query { me { name suspended } }';
const POST = 'mutation { createPost(input: { submolt: "general", title: "Hi", body: "x" }) { id } }';

describe('owner assertions', () => {
  let key: CryptoKey;
  let stranger: CryptoKey;
  let sub: string;
  let mine: TestAgent[];
  let theirs: TestAgent;
  const t = useTestServer(async () => {
    const issuer = await newIssuer();
    key = issuer.privateKey;
    stranger = (await newIssuer()).privateKey;
    return { RATE_LIMITS: 'off', TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers, OPERATOR_TOKEN: TOKEN };
  });

  beforeAll(async () => {
    sub = uniqueName('owner');
    mine = [await ownedAgent(t.server.gql, key, sub), await ownedAgent(t.server.gql, key, sub)];
    theirs = await ownedAgent(t.server.gql, key, uniqueName('other'));
  });

  async function assertion(claims: { sub?: string; aud?: string; life?: number; jti?: string } = {}, with_ = key) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('agentcorp')
      .setSubject(claims.sub ?? sub)
      .setAudience(claims.aud ?? 'moltbook-owner')
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.life ?? 300))
      .setJti(claims.jti ?? crypto.randomUUID())
      .sign(with_);
  }
  const asOwner = async (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    t.server.gql(query, variables, { headers: { 'x-owner-assertion': token ?? (await assertion()) } });
  const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

  it("lists the owner's agents", async () => {
    const result = await asOwner('query { owner { agentCount agents(first: 10) { edges { node { name } } } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data.owner.agentCount).toBe(2);
    expect(result.data.owner.agents.edges.map((e: any) => e.node.name)).toEqual(mine.map((a) => a.name));
  });

  it('refuses a missing, foreign, wrong-audience, too long-lived or replayed assertion', async () => {
    const q = 'query { owner { agentCount } }';
    expect(code(await t.server.gql(q))).toBe('UNAUTHENTICATED');
    expect(code(await asOwner(q, {}, await assertion({}, stranger)))).toBe('UNAUTHENTICATED');
    expect(code(await asOwner(q, {}, await assertion({ aud: 'moltbook' })))).toBe('UNAUTHENTICATED');
    expect(code(await asOwner(q, {}, await assertion({ life: 1200 })))).toBe('UNAUTHENTICATED');
    const once = await assertion();
    expect(code(await asOwner(q, {}, once))).toBeUndefined();
    const replay = await asOwner(q, {}, once);
    expect(code(replay)).toBe('UNAUTHENTICATED');
    expect(replay.errors?.[0]?.message).toContain('already used');
    expect(code(await asOwner(q, {}, await assertion({ sub: 'nobody-here' })))).toBe('FORBIDDEN');
  });

  it("rotates an agent's key: the new key works, the old one is dead at once; another owner's agent is FORBIDDEN", async () => {
    const agent = await ownedAgent(t.server.gql, key, sub);
    expect((await t.server.gql(ME, {}, { key: agent.apiKey })).data.me.name).toBe(agent.name);
    const rotate = 'mutation($n: String!) { ownerRotateAgentKey(name: $n) { apiKey } }';
    const result = await asOwner(rotate, { n: agent.name });
    const fresh = result.data.ownerRotateAgentKey.apiKey as string;
    expect(code(await t.server.gql(ME, {}, { key: agent.apiKey }))).toBe('UNAUTHENTICATED');
    expect((await t.server.gql(ME, {}, { key: fresh })).data.me.name).toBe(agent.name);
    expect(code(await asOwner(rotate, { n: theirs.name }))).toBe('FORBIDDEN');
    expect((await t.server.gql(ME, {}, { key: theirs.apiKey })).data.me.name).toBe(theirs.name);
    const audit = await sql(
      t.db.url,
      "SELECT count(*)::int AS n FROM audit_log WHERE operation = 'owner.rotateAgentKey'",
    );
    expect(audit[0]!.n).toBeGreaterThan(0);
  });

  it("revokes all of an agent's keys", async () => {
    const agent = await ownedAgent(t.server.gql, key, sub);
    const result = await asOwner('mutation($n: String!) { ownerRevokeAgentKeys(name: $n) }', { n: agent.name });
    expect(result.data.ownerRevokeAgentKeys).toBe(1);
    expect(code(await t.server.gql(ME, {}, { key: agent.apiKey }))).toBe('UNAUTHENTICATED');
  });

  it("suspends and unsuspends its agent, but never lifts the operator's suspension", async () => {
    const agent = mine[0]!;
    const suspend = 'mutation($n: String!) { ownerSuspendAgent(name: $n, reason: "runaway loop") { suspended } }';
    const unsuspend = 'mutation($n: String!) { ownerUnsuspendAgent(name: $n) { suspended } }';
    expect((await asOwner(suspend, { n: agent.name })).data.ownerSuspendAgent).toEqual({ suspended: true });
    expect(code(await t.server.gql(POST, {}, { key: agent.apiKey }))).toBe('FORBIDDEN');
    expect((await asOwner(unsuspend, { n: agent.name })).data.ownerUnsuspendAgent).toEqual({ suspended: false });
    expect(code(await t.server.gql(POST, {}, { key: agent.apiKey }))).toBeUndefined();
    await t.server.gql(
      'mutation($n: String!) { suspendAgent(name: $n, reason: "spam") { name } }',
      { n: agent.name },
      {
        operatorToken: TOKEN,
      },
    );
    expect(code(await asOwner(unsuspend, { n: agent.name }))).toBe('FORBIDDEN');
    expect(code(await t.server.gql(POST, {}, { key: agent.apiKey }))).toBe('FORBIDDEN');
  });

  it("shows or hides its handle on its agents' profiles", async () => {
    const set = 'mutation($p: Boolean!, $h: String) { ownerSetHandle(public: $p, handle: $h) { handle } }';
    expect((await asOwner(set, { p: true, h: 'grace.h' })).data.ownerSetHandle).toEqual({ handle: 'grace.h' });
    const profile = async () =>
      (
        await t.server.gql(
          'query($n: String!) { agent(name: $n) { ownerHandle } }',
          { n: mine[1]!.name },
          {
            headers: { 'cache-control': 'no-cache' },
          },
        )
      ).data.agent.ownerHandle;
    expect(await profile()).toBe('grace.h');
    expect((await asOwner(set, { p: false })).data.ownerSetHandle).toEqual({ handle: null });
    expect(await profile()).toBeNull();
    expect(code(await asOwner(set, { p: true, h: 'bad handle' }))).toBe('BAD_USER_INPUT');
  });

  it('an agent key is no owner assertion', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    expect(code(await t.server.gql('query { owner { agentCount } }', {}, { key: agent.apiKey }))).toBe(
      'UNAUTHENTICATED',
    );
  });
});
