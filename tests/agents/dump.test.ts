/**
 * The leak MoltBook suffered: a full copy of the database. After registrations, verifications,
 * rotations and revocations, no table may hold a key, a key's secret part, a challenge answer or an
 * attestation, and nothing read from the copy may authenticate.
 */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { newIssuer, REGISTER, registerAgent, solveChallenge, uniqueName, VERIFY } from '../support/agents.js';

function forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [secret, bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')];
}

describe('a full copy of the database', () => {
  let sign: (name: string) => Promise<string>;
  const t = useTestServer(async () => {
    const issuer = await newIssuer();
    sign = (name) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'EdDSA' })
        .setIssuer('agentcorp')
        .setSubject(name)
        .setAudience('moltbook')
        .setIssuedAt()
        .setExpirationTime('10m')
        .setJti(crypto.randomUUID())
        .sign(issuer.privateKey);
    return { RATE_LIMITS: 'off', TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers };
  });

  it('holds no key, no secret part of a key, no challenge answer and no attestation', async () => {
    const secrets: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const agent = await registerAgent(t.server.gql);
      const answer = solveChallenge(agent.challenge);
      secrets.push(agent.apiKey, answer);
      if (i % 2 === 0)
        await t.server.gql(VERIFY, { input: { challengeId: agent.challenge.id, answer } }, { key: agent.apiKey });
      // A fresh challenge that stays unanswered: its answer must not be stored either.
      const pending = await t.server.gql(
        'mutation { requestVerification { nonce numbers rounds } }',
        {},
        { key: agent.apiKey },
      );
      if (pending.data?.requestVerification) secrets.push(solveChallenge(pending.data.requestVerification));
      let key = agent.apiKey;
      for (let r = 0; r < 2; r += 1) {
        key = (await t.server.gql('mutation { rotateApiKey { apiKey } }', {}, { key })).data.rotateApiKey.apiKey;
        secrets.push(key);
      }
      if (i === 3) await t.server.gql('mutation { revokeApiKey }', {}, { key });
    }
    const name = uniqueName('att');
    const attestation = await sign(name);
    const attested = await t.server.gql(REGISTER, { input: { name, attestation } });
    secrets.push(attested.data.registerAgent.apiKey, attestation, attestation.split('.')[2]!);
    // Secret parts: everything after the public prefix and key id.
    const needles = secrets.flatMap((s) => (s.startsWith('moltbook_sk_') ? [s, s.slice(20), s.slice(20, 52)] : [s]));

    const tables = await sql<{ table_name: string }>(
      t.db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['agents', 'api_keys', 'audit_log']));
    let dump = '';
    for (const { table_name } of tables) {
      const rows = await sql(t.db.url, `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
      dump += rows.map((r) => r.row).join('\n');
    }
    // Hashes are there (bytea, as hex), keys are not.
    expect(dump).toContain('"hash":"\\\\x');
    expect(dump).not.toMatch(/moltbook_sk_/);
    for (const needle of needles) for (const form of forms(needle)) expect(dump.includes(form), form).toBe(false);
  });

  it('gives nothing that authenticates: stored hashes and key ids are refused as keys', async () => {
    const agent = await registerAgent(t.server.gql);
    const rows = await sql<{ key_id: string; hash: Buffer }>(t.db.url, 'SELECT key_id, hash FROM api_keys');
    expect(rows.length).toBeGreaterThan(0);
    for (const { key_id, hash } of rows.slice(0, 5)) {
      for (const attempt of [
        hash.toString('hex'),
        `moltbook_sk_${key_id}${hash.toString('hex').slice(0, 38)}`,
        key_id,
      ]) {
        const result = await t.server.gql('{ me { name } }', {}, { key: attempt });
        expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    }
    expect((await t.server.gql('{ me { name } }', {}, { key: agent.apiKey })).data.me.name).toBe(agent.name);
  });
});
