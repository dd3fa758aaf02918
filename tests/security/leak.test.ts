/**
 * After a run of hostile requests (keys in content, in URLs, in headers where they do not belong, in
 * broken queries and WebSocket connection params; tampered, revoked and rotated keys; a challenge
 * answer), a full `pg_dump` of the database and the server's whole log hold no key and no key's secret
 * part.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.js';
import { spawnServer, type ChildServer } from '../support/server.js';
import { createVerifiedAgent, registerAgent, solveChallenge, VERIFY } from '../support/agents.js';
import { rawSocket } from '../realtime/raw.js';
import { rawPost } from './helpers.js';
import { freePort } from '../support/ports.js';

const run = promisify(execFile);
const CREATE_POST = 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }';

describe('no key in the database dump or the server log after hostile traffic', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ChildServer;
  const keys: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await spawnServer({
      PORT: String(await freePort()),
      DATABASE_URL: db.url,
      RATE_LIMITS: 'on',
      LOG_LEVEL: 'trace',
    });
  });
  afterAll(async () => {
    await server?.kill();
    await db?.drop();
  });

  async function hostileTraffic() {
    const { url, gql } = server;
    const alice = await createVerifiedAgent(gql);
    const bob = await createVerifiedAgent(gql);
    keys.push(alice.apiKey, bob.apiKey);
    // A challenge answered (the answer must not be logged either).
    const carol = await registerAgent(gql);
    keys.push(carol.apiKey);
    await gql(
      VERIFY,
      { input: { challengeId: carol.challenge.id, answer: solveChallenge(carol.challenge) } },
      { key: carol.apiKey },
    );
    // Keys pasted into content, titles and comments.
    await gql(
      CREATE_POST,
      { i: { submolt: 'general', title: 'config', body: `my key ${alice.apiKey}` } },
      { key: alice.apiKey },
    );
    await gql(CREATE_POST, { i: { submolt: 'general', title: bob.apiKey } }, { key: alice.apiKey });
    // A key in the URL, in the request id, in an unknown header, and in a broken query.
    await fetch(`${url}/graphql?api_key=${alice.apiKey}&query=${encodeURIComponent('{ me { name } }')}`);
    await rawPost(url, JSON.stringify({ query: '{ me { name } }' }), {
      'content-type': 'application/json',
      'x-request-id': alice.apiKey,
      'x-api-key': bob.apiKey,
    });
    await gql(`{ me { name ${alice.apiKey} } }`, {}, { key: alice.apiKey });
    await gql(`{ ${bob.apiKey}`, {}, { key: bob.apiKey });
    await rawPost(url, `{"query": "${alice.apiKey}`, {
      'content-type': 'application/json',
      authorization: `Bearer ${alice.apiKey}`,
    });
    // Tampered, malformed, rotated and revoked keys.
    await gql('{ me { name } }', {}, { key: alice.apiKey.slice(0, -3) + 'zzz' });
    await gql('{ me { name } }', {}, { key: `${alice.apiKey}extra` });
    const rotated = await gql('mutation { rotateApiKey { apiKey } }', {}, { key: bob.apiKey });
    keys.push(rotated.data.rotateApiKey.apiKey);
    await gql('{ me { name } }', {}, { key: bob.apiKey });
    await gql('mutation { revokeApiKey }', {}, { key: rotated.data.rotateApiKey.apiKey });
    await gql('{ me { name } }', {}, { key: rotated.data.rotateApiKey.apiKey });
    // Over the WebSocket: a good key, a bad key, and a key inside a subscription's variables.
    for (const authorization of [`Bearer ${alice.apiKey}`, `Bearer ${alice.apiKey.slice(0, -1)}X`, alice.apiKey]) {
      const socket = await rawSocket(url);
      socket.send({ type: 'connection_init', payload: { authorization } });
      socket.send({
        id: '1',
        type: 'subscribe',
        payload: { query: 'query($k: String) { me { name } }', variables: { k: alice.apiKey } },
      });
      await new Promise((r) => setTimeout(r, 100));
      socket.ws.close();
    }
    // Rate-limit refusals with a key.
    for (let i = 0; i < 3; i += 1)
      await gql(CREATE_POST, { i: { submolt: 'general', title: `spam ${i}` } }, { key: alice.apiKey });
  }

  it('finds no key, and no secret part of one, in pg_dump or the log', async () => {
    await hostileTraffic();
    const { stdout: dump } = await run('pg_dump', ['--data-only', '--no-owner', db.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    await new Promise((r) => setTimeout(r, 300)); // let the child's last log lines arrive
    const logText = server.output();
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(dump).toContain('COPY public.agents'); // the dump is real
    expect(logText.length).toBeGreaterThan(1000); // so is the log
    for (const key of keys) {
      const secret = key.slice('moltbook_sk_'.length + 8, -6);
      expect(secret).toHaveLength(32);
      for (const [where, text] of [
        ['dump', dump],
        ['log', logText],
      ] as const) {
        expect(text.includes(key), `${where} holds a key`).toBe(false);
        expect(text.includes(secret), `${where} holds a key's secret part`).toBe(false);
      }
    }
    expect(logText).not.toMatch(/moltbook_sk_[A-Za-z0-9]{20,}/);
    // The log did record the traffic, refusals included, under request ids.
    expect(logText).toMatch(/"msg":"graphql operation"/);
    expect(logText).toMatch(/"codes":\["RATE_LIMITED"\]/);
  });
});
