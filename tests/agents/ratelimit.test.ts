import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, sql } from '../support/db.js';
import { spawnServer, startServer, type ChildServer } from '../support/server.js';
import { REGISTER, uniqueName } from '../support/agents.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
type Gql = Awaited<ReturnType<typeof startServer>>['gql'];

async function registerMany(gql: Gql, count: number) {
  const results = [];
  for (let i = 0; i < count; i += 1) results.push(await gql(REGISTER, { input: { name: uniqueName('rl') } }));
  return results;
}

describe('registration throttling per client address', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it('allows 10 registrations an hour, then RATE_LIMITED with retryAfterSeconds and nothing written', async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const server = await startServer({ DATABASE_URL: db.url });
    cleanup.push(() => server.stop());
    const results = await registerMany(server.gql, 10);
    for (const r of results) expect(r.errors).toBeUndefined();
    const name = uniqueName('rl');
    const refused = await server.gql(REGISTER, { input: { name } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const retry = refused.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retry).toBeGreaterThan(3000);
    expect(retry).toBeLessThanOrEqual(3600);
    expect(await sql(db.url, 'SELECT count(*)::int AS n FROM agents')).toEqual([{ n: 10 }]);
    expect(await sql(db.url, 'SELECT count(*)::int AS n FROM api_keys')).toEqual([{ n: 10 }]);
    const audited = await sql(
      db.url,
      "SELECT outcome, code FROM audit_log WHERE operation = 'registerAgent' ORDER BY id DESC LIMIT 1",
    );
    expect(audited).toEqual([{ outcome: 'refused', code: 'RATE_LIMITED' }]);
  });

  it('counts only registrations that succeed: a taken or bad name gets its own error every time', async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const server = await startServer({ DATABASE_URL: db.url });
    cleanup.push(() => server.stop());
    const [first] = await registerMany(server.gql, 1);
    const taken = first!.data.registerAgent.agent.name;
    const code = async (name: string) =>
      (await server.gql(REGISTER, { input: { name } })).errors?.[0]?.extensions?.code ?? 'ok';
    for (let i = 0; i < 5; i += 1) expect(await code(taken)).toBe('CONFLICT');
    expect(await code('no spaces allowed')).toBe('BAD_USER_INPUT');
    const rest = await registerMany(server.gql, 9);
    expect(rest.filter((r) => r.errors)).toEqual([]);
    // The limit is reached; refusals about the name still come first.
    expect(await code(taken)).toBe('CONFLICT');
    expect(await code(uniqueName('rl'))).toBe('RATE_LIMITED');
    expect(await sql(db.url, 'SELECT count(*)::int AS n FROM agents')).toEqual([{ n: 10 }]);
  });

  it('shares the count between instances through Redis', async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const env = { DATABASE_URL: db.url, REDIS_URL, LOG_LEVEL: 'warn' };
    const a: ChildServer = await spawnServer(env);
    cleanup.push(() => a.kill());
    const b: ChildServer = await spawnServer(env);
    cleanup.push(() => b.kill());
    const first = await registerMany(a.gql, 6);
    const second = await registerMany(b.gql, 6);
    const codes = [...first, ...second].map((r) => r.errors?.[0]?.extensions?.code ?? 'ok');
    expect(codes.filter((c) => c === 'ok')).toHaveLength(10);
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect(await sql(db.url, 'SELECT count(*)::int AS n FROM agents')).toEqual([{ n: 10 }]);
  }, 300_000); // two child servers, each given up to 2 minutes to start on a busy machine

  it('is lifted by RATE_LIMITS=off', async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const server = await startServer({ DATABASE_URL: db.url, RATE_LIMITS: 'off' });
    cleanup.push(() => server.stop());
    const results = await registerMany(server.gql, 12);
    expect(results.filter((r) => r.errors)).toEqual([]);
  });
});
