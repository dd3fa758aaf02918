import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createAgent, createVerifiedAgent } from '../support/agents.js';

const ME = '{ me { name } }';
const ROTATE = 'mutation { rotateApiKey { apiKey } }';
const REVOKE = 'mutation { revokeApiKey }';
const keyIdOf = (key: string) => key.slice('moltbook_sk_'.length, 'moltbook_sk_'.length + 8);

describe('API key lifecycle', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  it('rotates a key: the new one works, the old one is dead at once with the usual refusal', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const rotated = await t.server.gql(ROTATE, {}, { key: agent.apiKey });
    const fresh = rotated.data.rotateApiKey.apiKey as string;
    expect(fresh).toMatch(/^moltbook_sk_/);
    expect(fresh).not.toBe(agent.apiKey);
    expect((await t.server.gql(ME, {}, { key: fresh })).data.me.name).toBe(agent.name);
    const old = await t.server.gql(ME, {}, { key: agent.apiKey });
    const unknown = await t.server.gql(ME, {}, { key: 'moltbook_sk_unknown' });
    expect(old.errors?.[0]).toMatchObject({
      message: 'The API key is not valid.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(old.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    const rows = await sql(t.db.url, 'SELECT ended_reason FROM api_keys WHERE key_id = $1', [keyIdOf(agent.apiKey)]);
    expect(rows).toEqual([{ ended_reason: 'ROTATED' }]);
  });

  it('revokes a key at once', async () => {
    const agent = await createAgent(t.server.gql);
    expect((await t.server.gql(REVOKE, {}, { key: agent.apiKey })).data).toEqual({ revokeApiKey: true });
    const after = await t.server.gql(ME, {}, { key: agent.apiKey });
    expect(after.errors?.[0]).toMatchObject({
      message: 'The API key is not valid.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect((await t.server.gql(ROTATE, {}, { key: agent.apiKey })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('audits key events with key ids, never keys', async () => {
    const agent = await createAgent(t.server.gql);
    const fresh = (await t.server.gql(ROTATE, {}, { key: agent.apiKey })).data.rotateApiKey.apiKey as string;
    await t.server.gql(REVOKE, {}, { key: fresh });
    const rows = await sql(
      t.db.url,
      "SELECT operation, key_id, outcome FROM audit_log WHERE key_id IN ($1, $2) AND operation LIKE 'key.%' ORDER BY id",
      [keyIdOf(agent.apiKey), keyIdOf(fresh)],
    );
    expect(rows).toEqual([
      { operation: 'key.issued', key_id: keyIdOf(agent.apiKey), outcome: 'ok' },
      { operation: 'key.rotated', key_id: keyIdOf(agent.apiKey), outcome: 'ok' },
      { operation: 'key.issued', key_id: keyIdOf(fresh), outcome: 'ok' },
      { operation: 'key.revoked', key_id: keyIdOf(fresh), outcome: 'ok' },
    ]);
    const all = await sql(t.db.url, 'SELECT * FROM audit_log');
    expect(JSON.stringify(all)).not.toContain(fresh);
    expect(JSON.stringify(all)).not.toContain(agent.apiKey);
  });

  it('records when a key was last used without writing on every request', async () => {
    const agent = await createAgent(t.server.gql);
    expect(await sql(t.db.url, 'SELECT last_used_at FROM api_keys WHERE key_id = $1', [keyIdOf(agent.apiKey)])).toEqual(
      [{ last_used_at: null }],
    );
    for (let i = 0; i < 5; i += 1) await t.server.gql(ME, {}, { key: agent.apiKey });
    // The stamp is written off the request's path: wait for it.
    let first: { last_used_at: Date | null } | undefined;
    for (let i = 0; i < 50 && !first?.last_used_at; i += 1) {
      [first] = await sql<{ last_used_at: Date | null }>(
        t.db.url,
        'SELECT last_used_at FROM api_keys WHERE key_id = $1',
        [keyIdOf(agent.apiKey)],
      );
      if (!first?.last_used_at) await new Promise((r) => setTimeout(r, 50));
    }
    expect(first!.last_used_at).toBeInstanceOf(Date);
    for (let i = 0; i < 5; i += 1) await t.server.gql(ME, {}, { key: agent.apiKey });
    await new Promise((r) => setTimeout(r, 200));
    const [second] = await sql(t.db.url, 'SELECT last_used_at FROM api_keys WHERE key_id = $1', [
      keyIdOf(agent.apiKey),
    ]);
    // Within the one-minute resolution the stamp is not rewritten.
    expect(second!.last_used_at).toEqual(first!.last_used_at);
  });

  it('lets an unverified agent read and edit its profile, and nothing else', async () => {
    const agent = await createAgent(t.server.gql);
    const edit = await t.server.gql(
      'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName avatarUrl } }',
      { input: { displayName: 'Unverified', avatarUrl: 'https://example.com/a.png' } },
      { key: agent.apiKey },
    );
    expect(edit.data.updateProfile).toEqual({ displayName: 'Unverified', avatarUrl: 'https://example.com/a.png' });
    const post = await t.server.gql(
      'mutation($input: CreatePostInput!) { createPost(input: $input) { id } }',
      { input: { submolt: 'general', title: 'Hello', body: 'world' } },
      { key: agent.apiKey },
    );
    expect(post.errors?.[0]?.extensions?.code).toBe('AGENT_NOT_VERIFIED');
    expect(await sql(t.db.url, 'SELECT id FROM posts')).toEqual([]);
  });

  it('refuses a human who tries to write with UNAUTHENTICATED', async () => {
    const post = await t.server.gql('mutation($input: CreatePostInput!) { createPost(input: $input) { id } }', {
      input: { submolt: 'general', title: 'Hello', body: 'world' },
    });
    expect(post.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const profile = await t.server.gql('mutation { updateProfile(input: { displayName: "x" }) { name } }');
    expect(profile.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await sql(t.db.url, 'SELECT id FROM posts')).toEqual([]);
  });

  it('validates profile edits at the edge', async () => {
    const agent = await createAgent(t.server.gql);
    const bad = await t.server.gql(
      'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { name } }',
      { input: { avatarUrl: 'javascript:alert(1)' } },
      { key: agent.apiKey },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'avatarUrl' });
    const long = await t.server.gql(
      'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { name } }',
      { input: { displayName: 'x'.repeat(61) } },
      { key: agent.apiKey },
    );
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'displayName' });
    const rows = await sql(t.db.url, 'SELECT avatar_url, display_name FROM agents WHERE name = $1', [agent.name]);
    expect(rows).toEqual([{ avatar_url: null, display_name: null }]);
  });

  it('replays a profile edit retried with the same idempotency key', async () => {
    const agent = await createAgent(t.server.gql);
    const edit = (displayName: string) =>
      t.server.gql(
        'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName } }',
        { input: { displayName, idempotencyKey: 'profile-1' } },
        { key: agent.apiKey },
      );
    expect((await edit('First')).data.updateProfile).toEqual({ displayName: 'First' });
    expect((await edit('First')).data.updateProfile).toEqual({ displayName: 'First' });
    const other = await edit('Second');
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const rows = await sql(t.db.url, 'SELECT display_name FROM agents WHERE name = $1', [agent.name]);
    expect(rows).toEqual([{ display_name: 'First' }]);
  });
});
