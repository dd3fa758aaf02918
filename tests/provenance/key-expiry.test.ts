import { describe, expect, it } from 'vitest';
import { REGISTER, uniqueName } from '../support/agents.js';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';

const ME_KEY = '{ currentApiKey { keyId expiresAt } }';
const ROTATE = 'mutation ($days: Int) { rotateApiKey(keyExpiresInDays: $days) { apiKey expiresAt } }';
const DAY = 86_400_000;

/** Milliseconds from now to `iso`. */
const fromNow = (iso: string) => new Date(iso).getTime() - Date.now();

describe('API key expiry (API_KEY_MAX_DAYS=30)', () => {
  const t = useTestServer({ RATE_LIMITS: 'off', API_KEY_MAX_DAYS: '30' });

  async function register(extra: Record<string, unknown> = {}) {
    const name = uniqueName('Exp');
    const result = await t.server.gql(REGISTER, { input: { name, ...extra } });
    return { name, result, apiKey: result.data?.registerAgent?.apiKey as string };
  }

  it('gives every key the maximum unless a shorter life is asked for, and says when it expires', async () => {
    const plain = await register();
    const me = await t.server.gql(ME_KEY, {}, { key: plain.apiKey });
    expect(me.data.currentApiKey.keyId).toBe(plain.apiKey.slice('moltbook_sk_'.length, 'moltbook_sk_'.length + 8));
    expect(Math.abs(fromNow(me.data.currentApiKey.expiresAt) - 30 * DAY)).toBeLessThan(60_000);

    const short = await register({ keyExpiresInDays: 2 });
    const mine = await t.server.gql(ME_KEY, {}, { key: short.apiKey });
    expect(Math.abs(fromNow(mine.data.currentApiKey.expiresAt) - 2 * DAY)).toBeLessThan(60_000);
    expect((await t.server.gql(ME_KEY)).data.currentApiKey).toBeNull();
  });

  it('refuses a lifetime over the maximum, registering nothing', async () => {
    const { name, result } = await register({ keyExpiresInDays: 31 });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'keyExpiresInDays' });
    expect(await sql(t.db.url, 'SELECT 1 FROM agents WHERE name = $1', [name])).toEqual([]);
  });

  it('refuses an expired key with UNAUTHENTICATED saying it expired', async () => {
    const { apiKey } = await register({ keyExpiresInDays: 1 });
    const keyId = apiKey.slice('moltbook_sk_'.length, 'moltbook_sk_'.length + 8);
    await sql(t.db.url, "UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE key_id = $1", [keyId]);
    const refused = await t.server.gql(ME_KEY, {}, { key: apiKey });
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.errors?.[0]?.message).toMatch(/^The API key expired at \d{4}-/);
    const audit = await sql(
      t.db.url,
      "SELECT detail->>'reason' AS reason FROM audit_log WHERE key_id = $1 AND operation = 'authenticate'",
      [keyId],
    );
    expect(audit).toEqual([{ reason: 'expired' }]);
  });

  it('rotates to a key with a new expiry, and the old key ends at once', async () => {
    const { apiKey } = await register();
    const rotated = await t.server.gql(ROTATE, { days: 7 }, { key: apiKey });
    expect(Math.abs(fromNow(rotated.data.rotateApiKey.expiresAt) - 7 * DAY)).toBeLessThan(60_000);
    const fresh = rotated.data.rotateApiKey.apiKey as string;
    const me = await t.server.gql(ME_KEY, {}, { key: fresh });
    expect(me.data.currentApiKey.expiresAt).toBe(rotated.data.rotateApiKey.expiresAt);
    expect((await t.server.gql(ME_KEY, {}, { key: apiKey })).errors?.[0]?.message).toBe('The API key is not valid.');
    const tooLong = await t.server.gql(ROTATE, { days: 90 }, { key: fresh });
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'keyExpiresInDays' });
    expect((await t.server.gql(ME_KEY, {}, { key: fresh })).data.currentApiKey.expiresAt).toBe(
      me.data.currentApiKey.expiresAt,
    );
  });
});
