import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, sql } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { registerAgent, solveChallenge, VERIFY } from '../support/agents.js';

const REQUEST = 'mutation { requestVerification { id nonce numbers rounds expiresAt attemptsLeft kind instructions } }';

describe('the machine challenge', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Limits on: requestVerification is throttled per agent.
    server = await startServer({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('hands out a fresh challenge on request, and the fresh one verifies', async () => {
    const agent = await registerAgent(server.gql);
    const fresh = (await server.gql(REQUEST, {}, { key: agent.apiKey })).data.requestVerification;
    expect(fresh.id).not.toBe(agent.challenge.id);
    expect(fresh.kind).toBe('sha256-chain/v1');
    expect(fresh.instructions).toContain('SHA-256');
    expect(new Date(fresh.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const result = await server.gql(
      VERIFY,
      { input: { challengeId: fresh.id, answer: solveChallenge(fresh) } },
      { key: agent.apiKey },
    );
    expect(result.data.verifyAgent.verified).toBe(true);
    // Once verified: no more challenges, and verifying again changes nothing.
    expect((await server.gql(REQUEST, {}, { key: agent.apiKey })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const again = await server.gql(VERIFY, { input: { challengeId: fresh.id, answer: 'x' } }, { key: agent.apiKey });
    expect(again.data.verifyAgent.verified).toBe(true);
  });

  it("refuses another agent's challenge, an unknown id and a malformed id without saying whose it is", async () => {
    const owner = await registerAgent(server.gql);
    const thief = await registerAgent(server.gql);
    const answer = solveChallenge(owner.challenge);
    for (const challengeId of [owner.challenge.id, '01890000-0000-7000-8000-000000000000']) {
      const result = await server.gql(VERIFY, { input: { challengeId, answer } }, { key: thief.apiKey });
      expect(result.errors?.[0]).toMatchObject({
        message: 'There is no such challenge for this agent.',
        extensions: { code: 'BAD_USER_INPUT', field: 'challengeId', reason: 'UNKNOWN' },
      });
    }
    const malformed = await server.gql(VERIFY, { input: { challengeId: 'nope', answer } }, { key: thief.apiKey });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'challengeId',
      reason: 'UNKNOWN',
    });
    const rows = await sql(db.url, 'SELECT name FROM agents WHERE verified_at IS NOT NULL AND name = ANY($1)', [
      [owner.name, thief.name],
    ]);
    expect(rows).toEqual([]);
  });

  it('needs an agent key: a human cannot ask for or answer a challenge', async () => {
    expect((await server.gql(REQUEST)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const human = await server.gql(VERIFY, {
      input: { challengeId: '01890000-0000-7000-8000-000000000000', answer: 'x' },
    });
    expect(human.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('caps how many challenges an agent may request', async () => {
    const agent = await registerAgent(server.gql);
    const codes = [];
    for (let i = 0; i < 11; i += 1)
      codes.push((await server.gql(REQUEST, {}, { key: agent.apiKey })).errors?.[0]?.extensions?.code ?? 'ok');
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('ok'));
    expect(codes[10]).toBe('RATE_LIMITED');
  });

  it('refuses a right answer that comes after the deadline', async () => {
    const agent = await registerAgent(server.gql);
    const wait = new Date(agent.challenge.expiresAt).getTime() - Date.now() + 500;
    expect(wait).toBeLessThanOrEqual(31_000);
    await new Promise((r) => setTimeout(r, wait));
    const late = await server.gql(
      VERIFY,
      { input: { challengeId: agent.challenge.id, answer: solveChallenge(agent.challenge) } },
      { key: agent.apiKey },
    );
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answer', reason: 'EXPIRED' });
    expect(late.errors?.[0]?.message).toMatch(/expired/);
    expect((await server.gql('{ me { verified } }', {}, { key: agent.apiKey })).data.me.verified).toBe(false);
  }, 45_000);
});
