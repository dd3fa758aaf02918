import { SignJWT, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { newIssuer, REGISTER, uniqueName } from '../support/agents.js';
import { RATE_RULES } from '../../server/ratelimit/rules.js';
import { ConfigError, loadConfig } from '../../server/config.js';

interface Claims {
  iss?: string;
  sub?: string;
  aud?: string;
  iat?: number;
  exp?: number;
  jti?: string;
}

/** An attestation signed with `key`: valid claims for issuer `agentcorp` unless `claims` say otherwise. */
async function signWith(key: CryptoKey, claims: Claims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const full = { iss: 'agentcorp', aud: 'moltbook', iat: now, exp: now + 600, jti: crypto.randomUUID(), ...claims };
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(full.iss)
    .setSubject(full.sub!)
    .setAudience(full.aud)
    .setIssuedAt(full.iat)
    .setExpirationTime(full.exp)
    .setJti(full.jti)
    .sign(key);
}

describe('registration with an attestation', () => {
  let trusted: CryptoKey;
  let stranger: CryptoKey;
  const t = useTestServer(async () => {
    const issuer = await newIssuer();
    trusted = issuer.privateKey;
    stranger = (await newIssuer()).privateKey;
    return { RATE_LIMITS: 'off', TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers };
  });

  const sign = (claims: Claims, key: CryptoKey = trusted) => signWith(key, claims);

  async function agentsNamed(name: string): Promise<number> {
    const rows = await sql(t.db.url, 'SELECT count(*)::int AS n FROM agents WHERE name_key = $1', [name.toLowerCase()]);
    return rows[0]!.n as number;
  }

  it('verifies the agent at once with a valid attestation, and records its jti', async () => {
    const name = uniqueName('att');
    const jti = crypto.randomUUID();
    const result = await t.server.gql(REGISTER, { input: { name, attestation: await sign({ sub: name, jti }) } });
    expect(result.errors).toBeUndefined();
    expect(result.data.registerAgent.agent).toMatchObject({ name, verified: true });
    expect(result.data.registerAgent.verification).toBeNull();
    const used = await sql(t.db.url, 'SELECT issuer FROM used_attestations WHERE jti = $1', [jti]);
    expect(used).toEqual([{ issuer: 'agentcorp' }]);
  });

  const cases: [string, (name: string) => Promise<string>, RegExp][] = [
    ['forged (signed by an untrusted key)', (name) => sign({ sub: name }, stranger), /signature/],
    ['for another name', (name) => sign({ sub: `${name}x` }), /another name/],
    [
      'expired',
      (name) =>
        sign({ sub: name, iat: Math.floor(Date.now() / 1000) - 1200, exp: Math.floor(Date.now() / 1000) - 600 }),
      /expired/,
    ],
    ['from an unknown issuer', (name) => sign({ sub: name, iss: 'nobody' }), /issuer/],
    ['for another audience', (name) => sign({ sub: name, aud: 'elsewhere' }), /aud/],
    ['living longer than an hour', (name) => sign({ sub: name, exp: Math.floor(Date.now() / 1000) + 7200 }), /hour/],
    ['not a JWT at all', async () => 'not.a.jwt', /JWT|signature/],
  ];

  for (const [label, make, message] of cases) {
    it(`refuses an attestation ${label} and registers nothing`, async () => {
      const name = uniqueName('att');
      const result = await t.server.gql(REGISTER, { input: { name, attestation: await make(name) } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attestation' });
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(result.data?.registerAgent ?? null).toBeNull();
      expect(await agentsNamed(name)).toBe(0);
    });
  }

  it('refuses a replayed attestation and registers nothing', async () => {
    const first = uniqueName('rep');
    const token = await sign({ sub: first });
    expect((await t.server.gql(REGISTER, { input: { name: first, attestation: token } })).errors).toBeUndefined();
    // The same token again: refused (its name is taken by then); nothing new is registered.
    const again = await t.server.gql(REGISTER, { input: { name: first, attestation: token } });
    expect(again.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|CONFLICT/);
    expect(await agentsNamed(first)).toBe(1);
    // Same jti, other name (a different token reusing the jti): refused as a replay, nothing registered.
    const jti = crypto.randomUUID();
    const a = uniqueName('rep');
    const b = uniqueName('rep');
    expect(
      (await t.server.gql(REGISTER, { input: { name: a, attestation: await sign({ sub: a, jti }) } })).errors,
    ).toBeUndefined();
    const replay = await t.server.gql(REGISTER, { input: { name: b, attestation: await sign({ sub: b, jti }) } });
    expect(replay.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attestation' });
    expect(replay.errors?.[0]?.message).toMatch(/already used/);
    expect(await agentsNamed(b)).toBe(0);
  });

  it('accepts a jti only once when the same token races itself', async () => {
    const jti = crypto.randomUUID();
    const names = Array.from({ length: 6 }, () => uniqueName('race'));
    const results = await Promise.all(
      names.map(async (name) =>
        t.server.gql(REGISTER, { input: { name, attestation: await sign({ sub: name, jti }) } }),
      ),
    );
    expect(results.filter((r) => !r.errors).length).toBe(1);
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    const rows = await sql(t.db.url, 'SELECT count(*)::int AS n FROM agents WHERE name = ANY($1)', [names]);
    expect(rows[0]!.n).toBe(1);
  });
});

describe('how attested registrations are counted', () => {
  let key: CryptoKey;
  const t = useTestServer(async () => {
    const issuer = await newIssuer();
    key = issuer.privateKey;
    return { RATE_LIMITS: 'on', TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers };
  });

  const register = async (attested: boolean) => {
    const name = uniqueName('count');
    const attestation = attested ? await signWith(key, { sub: name }) : undefined;
    return t.server.gql(REGISTER, { input: { name, attestation } });
  };

  it('counts them against their issuer, not against the client address', async () => {
    const perAddress = RATE_RULES.registerAgent.limit;
    for (let i = 0; i < perAddress; i += 1) expect((await register(false)).errors).toBeUndefined();
    expect((await register(false)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // The address is spent; the issuer vouches for its agents wherever they come from.
    for (let i = 0; i < 3; i += 1) expect((await register(true)).errors).toBeUndefined();
  });

  it(`lets one issuer register at most ${RATE_RULES.attestedRegistration.limit} agents an hour`, async () => {
    const { limit } = RATE_RULES.attestedRegistration;
    // Three were registered by the test above.
    for (let i = 3; i < limit; i += 1) expect((await register(true)).errors).toBeUndefined();
    const refused = await register(true);
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.errors?.[0]?.message).toMatch(/registrations attested by one issuer/);
  });
});

it("keeps the demo issuer's name out of TRUSTED_AGENT_ISSUERS", () => {
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) };
  const env = { TRUSTED_AGENT_ISSUERS: JSON.stringify({ 'moltbook-demo': jwk }) };
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(/TRUSTED_AGENT_ISSUERS must not name "moltbook-demo"/);
});
