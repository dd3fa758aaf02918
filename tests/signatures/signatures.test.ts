/**
 * Proof of possession through the public API, on PostgreSQL and on the embedded default: an agent sets an
 * Ed25519 signing key; from then on its mutations need an RFC 9421 signature with it, over /graphql, REST
 * and MCP, and are refused over WebSocket; each defect of a signature is refused with its code and reason
 * and writes nothing; queries need the bearer key alone; the key is replaced only with a signature or by
 * the owner.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAgent, newIssuer, uniqueName, type TestAgent } from '../support/agents.js';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { wsClient } from '../realtime/support.js';
import { call, toolError } from '../mcp/support.js';
import { ownedAgent } from '../owners/support.js';
import { newSigner, signatureHeaders, signedPost, type Signer, type SignOptions } from './support.js';

const CREATE_POST = 'mutation ($input: CreatePostInput!) { createPost(input: $input) { id title } }';
const SET_KEY =
  'mutation ($input: SigningKeyInput!) { setSigningKey(input: $input) { signing { keyId publicKey algorithm addedAt expiresAt } } }';
const ME = 'query { me { name signing { keyId expiresAt } } }';
const FEED = 'query { posts(sort: NEW, first: 50) { nodes { title } } }';

const code = (r: { body: any }) => r.body.errors?.[0]?.extensions?.code;
const reason = (r: { body: any }) => r.body.errors?.[0]?.extensions?.reason;

describe.each(['postgresql', 'embedded'] as const)('signed writes on %s', (kind) => {
  let server: TestServer;
  let cleanup: () => Promise<void>;
  let issuerKey: CryptoKey;

  beforeAll(async () => {
    const issuer = await newIssuer();
    issuerKey = issuer.privateKey;
    const env = { RATE_LIMITS: 'off', TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers };
    if (kind === 'postgresql') {
      const db = await createTestDatabase();
      server = await startServer({ DATABASE_URL: db.url, ...env });
      cleanup = async () => {
        await server.stop();
        await db.drop();
      };
    } else {
      const dir = await mkdtemp(join(tmpdir(), 'moltbook-signatures-'));
      server = await startServer({ DATABASE_URL: undefined, DATA_DIR: dir, ...env });
      cleanup = async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      };
    }
  });
  afterAll(() => cleanup?.());

  const graphql = () => `${server.url}/graphql`;
  /** A GraphQL request as `agent`, signed by `signer` (null: unsigned). */
  const gql = (
    agent: TestAgent,
    signer: Signer | null,
    query: string,
    variables: Record<string, unknown> = {},
    options: SignOptions & { sendBody?: string; headers?: Record<string, string> } = {},
  ) =>
    signedPost(
      signer,
      graphql(),
      JSON.stringify({ query, variables }),
      {
        authorization: `Bearer ${agent.apiKey}`,
        ...options.headers,
      },
      options,
    );
  const post = (agent: TestAgent, signer: Signer | null, title: string, options: SignOptions = {}) =>
    gql(agent, signer, CREATE_POST, { input: { submolt: 'general', title } }, options);
  const titles = async () =>
    (await server.gql(FEED, {}, { headers: { 'cache-control': 'no-cache' } })).data.posts.nodes.map(
      (n: { title: string }) => n.title,
    );

  /** A verified agent with a signing key set (unsigned: it had none). */
  async function signingAgent(expiresInDays?: number) {
    const agent = await createVerifiedAgent(server.gql);
    const signer = newSigner();
    const set = await gql(agent, null, SET_KEY, { input: { publicKey: signer.publicKey, expiresInDays } });
    expect(set.body.errors).toBeUndefined();
    return { agent, signer, key: set.body.data.setSigningKey.signing };
  }

  it('sets a key and shows its keyid (the JWK thumbprint) and expiry on the profile', async () => {
    const { agent, signer, key } = await signingAgent(30);
    expect(key).toMatchObject({ keyId: signer.keyId, publicKey: signer.publicKey, algorithm: 'ed25519' });
    expect(new Date(key.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    // A query needs only the bearer key.
    const me = await gql(agent, null, ME);
    expect(me.body.data.me.signing).toEqual({ keyId: signer.keyId, expiresAt: key.expiresAt });
    const profile = await server.gql(`query { agent(name: "${agent.name}") { signing { keyId } } }`);
    expect(profile.data.agent.signing.keyId).toBe(signer.keyId);
    const plain = await createVerifiedAgent(server.gql);
    expect(
      (await server.gql(`query { agent(name: "${plain.name}") { signing { keyId } } }`)).data.agent.signing,
    ).toBeNull();
    // A JWK works too; a bad key is BAD_USER_INPUT.
    const bad = await gql(plain, null, SET_KEY, { input: { publicKey: 'not-a-key' } });
    expect([code(bad), bad.body.errors[0].extensions.field]).toEqual(['BAD_USER_INPUT', 'publicKey']);
    const jwk = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: newSigner().publicKey });
    expect(
      (await gql(plain, null, SET_KEY, { input: { publicKey: jwk, expiresInDays: 0 } })).body.errors[0].extensions
        .field,
    ).toBe('expiresInDays');
    expect(
      (await gql(plain, null, SET_KEY, { input: { publicKey: jwk } })).body.data.setSigningKey.signing.expiresAt,
    ).toBeNull();
  });

  it('refuses an unsigned write and accepts a signed one', async () => {
    const { agent, signer } = await signingAgent();
    const unsigned = await post(agent, null, `Unsigned ${kind}`);
    expect([unsigned.status, code(unsigned), reason(unsigned)]).toEqual([
      401,
      'SIGNATURE_REQUIRED',
      'missing-signature',
    ]);
    expect(unsigned.body.errors[0].message).toContain(signer.keyId);
    const signed = await post(agent, signer, `Signed ${kind}`);
    expect(signed.body.errors).toBeUndefined();
    expect(signed.body.data.createPost.title).toBe(`Signed ${kind}`);
    const now = await titles();
    expect(now).toContain(`Signed ${kind}`);
    expect(now).not.toContain(`Unsigned ${kind}`);
  });

  it('refuses a tampered body, another key, a stale signature and a replayed nonce, writing nothing', async () => {
    const { agent, signer } = await signingAgent();
    const body = (title: string) =>
      JSON.stringify({ query: CREATE_POST, variables: { input: { submolt: 'general', title } } });
    const tampered = await gql(
      agent,
      signer,
      CREATE_POST,
      {},
      { digestOf: body('Signed original'), sendBody: body('Tampered') },
    );
    expect([tampered.status, code(tampered), reason(tampered)]).toEqual([401, 'SIGNATURE_INVALID', 'digest-mismatch']);
    // A signature whose digest header matches the sent body, but made over another one, fails the signature itself.
    const original = signatureHeaders(signer, 'POST', graphql(), body('Signed original'));
    const swapped = await signedPost(null, graphql(), body('Swapped'), {
      authorization: `Bearer ${agent.apiKey}`,
      ...original,
      'content-digest': signatureHeaders(signer, 'POST', graphql(), body('Swapped'))['content-digest'],
    });
    expect([code(swapped), reason(swapped)]).toEqual(['SIGNATURE_INVALID', 'bad-signature']);

    const thief = newSigner();
    const other = await post(agent, thief, 'Thief');
    expect([code(other), reason(other)]).toEqual(['SIGNATURE_INVALID', 'unknown-keyid']);
    const forged = await post(agent, thief, 'Forged', { keyId: signer.keyId });
    expect([code(forged), reason(forged)]).toEqual(['SIGNATURE_INVALID', 'bad-signature']);

    const stale = await post(agent, signer, 'Stale', { created: Math.floor(Date.now() / 1000) - 301 });
    expect([code(stale), reason(stale)]).toEqual(['SIGNATURE_INVALID', 'too-old']);
    expect(stale.body.errors[0].message).toMatch(/at most 300 s/);

    const nonce = `replay-${uniqueName()}`;
    const first = await post(agent, signer, `Once ${kind}`, { nonce });
    expect(first.body.errors).toBeUndefined();
    const again = await post(agent, signer, `Once ${kind}`, { nonce });
    expect([code(again), reason(again)]).toEqual(['SIGNATURE_INVALID', 'nonce-replayed']);

    const seen = await titles();
    for (const title of ['Tampered', 'Swapped', 'Thief', 'Forged', 'Stale']) expect(seen).not.toContain(title);
    expect(seen.filter((t: string) => t === `Once ${kind}`)).toHaveLength(1);
  });

  it('refuses its writes over WebSocket, and lets it read there', async () => {
    const { agent } = await signingAgent();
    const client = wsClient(server.url, { key: agent.apiKey });
    const run = (query: string) =>
      new Promise<any>((resolve, reject) => {
        let result: unknown;
        client.subscribe({ query }, { next: (r) => (result = r), error: reject, complete: () => resolve(result) });
      });
    try {
      const refused = await run('mutation { createPost(input: { submolt: "general", title: "Over WS" }) { id } }');
      expect(refused.errors[0].extensions).toMatchObject({ code: 'SIGNATURE_REQUIRED', reason: 'websocket' });
      const read = await run('query { me { name } }');
      expect(read.data.me.name).toBe(agent.name);
    } finally {
      await client.dispose();
    }
    expect(await titles()).not.toContain('Over WS');
  });

  it('counts a signed REST request, and refuses an unsigned one', async () => {
    const { agent, signer } = await signingAgent();
    const url = `${server.url}/api/v1/posts`;
    const auth = { authorization: `Bearer ${agent.apiKey}` };
    const body = (title: string) => JSON.stringify({ submolt_name: 'general', title, content: 'x' });
    const unsigned = await signedPost(null, url, body(`REST unsigned ${kind}`), auth);
    expect([unsigned.status, unsigned.body.code]).toEqual([401, 'SIGNATURE_REQUIRED']);
    const signed = await signedPost(signer, url, body(`REST signed ${kind}`), auth);
    expect([signed.status, signed.body.post?.title]).toEqual([201, `REST signed ${kind}`]);
    const tampered = await signedPost(signer, url, body('REST signed'), auth, { sendBody: body('REST tampered') });
    expect([tampered.status, tampered.body.code, tampered.body.reason]).toEqual([
      401,
      'SIGNATURE_INVALID',
      'digest-mismatch',
    ]);
    const seen = await titles();
    expect(seen).toContain(`REST signed ${kind}`);
    expect(seen).not.toContain(`REST unsigned ${kind}`);
    expect(seen).not.toContain('REST tampered');
  });

  it('counts a signed MCP request, and refuses an unsigned one', async () => {
    const { agent, signer } = await signingAgent();
    const connect = async (sign: boolean) => {
      const transport = new StreamableHTTPClientTransport(new URL('/mcp', server.url), {
        requestInit: { headers: { Authorization: `Bearer ${agent.apiKey}` } },
        fetch: async (input, init) => {
          const headers = new Headers(init?.headers);
          if (sign && init?.method === 'POST' && typeof init.body === 'string') {
            for (const [name, value] of Object.entries(signatureHeaders(signer, 'POST', String(input), init.body))) {
              headers.set(name, value);
            }
          }
          return fetch(input, { ...init, headers });
        },
      });
      const client = new Client({ name: 'signing-agent', version: '1.0.0' });
      await client.connect(transport);
      return client;
    };
    const [signed, unsigned] = [await connect(true), await connect(false)];
    try {
      const ok = await call(signed, 'create_post', { submolt: 'general', title: `MCP signed ${kind}` });
      expect(ok.isError).toBeFalsy();
      expect(
        toolError(await call(unsigned, 'create_post', { submolt: 'general', title: 'MCP unsigned' })),
      ).toMatchObject({
        code: 'SIGNATURE_REQUIRED',
        reason: 'missing-signature',
      });
      // Reading needs no signature.
      expect((await call(unsigned, 'read_feed', { sort: 'NEW', first: 1 })).isError).toBeFalsy();
    } finally {
      await Promise.all([signed.close(), unsigned.close()]);
    }
    const seen = await titles();
    expect(seen).toContain(`MCP signed ${kind}`);
    expect(seen).not.toContain('MCP unsigned');
  });

  it('replaces or removes the key only with a signature by it, or by the owner', async () => {
    const owner = uniqueName('owner');
    const agent = await ownedAgent(server.gql, issuerKey, owner);
    const signer = newSigner();
    expect((await gql(agent, null, SET_KEY, { input: { publicKey: signer.publicKey } })).body.errors).toBeUndefined();

    // A thief with the bearer key cannot swap in its own key, nor remove the agent's.
    const thief = newSigner();
    const swap = await gql(agent, null, SET_KEY, { input: { publicKey: thief.publicKey } });
    expect(code(swap)).toBe('SIGNATURE_REQUIRED');
    expect(code(await gql(agent, null, 'mutation { removeSigningKey }'))).toBe('SIGNATURE_REQUIRED');
    expect((await gql(agent, null, ME)).body.data.me.signing.keyId).toBe(signer.keyId);

    // The agent rotates it, signed with the current key.
    const next = newSigner();
    const rotated = await gql(agent, signer, SET_KEY, { input: { publicKey: next.publicKey } });
    expect(rotated.body.data.setSigningKey.signing.keyId).toBe(next.keyId);
    expect(reason(await post(agent, signer, 'Old key'))).toBe('unknown-keyid');

    // The owner replaces it with an assertion, without the agent's key.
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('agentcorp')
      .setSubject(owner)
      .setAudience('moltbook-owner')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti(crypto.randomUUID())
      .sign(issuerKey);
    const fresh = newSigner();
    const byOwner = await server.gql(
      'mutation ($name: String!, $input: SigningKeyInput!) { ownerSetAgentSigningKey(name: $name, input: $input) { signing { keyId } } }',
      { name: agent.name, input: { publicKey: fresh.publicKey } },
      { headers: { 'x-owner-assertion': assertion } },
    );
    expect(byOwner.errors).toBeUndefined();
    expect(byOwner.data.ownerSetAgentSigningKey.signing.keyId).toBe(fresh.keyId);
    expect((await post(agent, fresh, `Owner replaced ${kind}`)).body.errors).toBeUndefined();
    // Without an assertion the owner mutation is refused.
    const none = await server.gql('mutation ($n: String!) { ownerRemoveAgentSigningKey(name: $n) { name } }', {
      n: agent.name,
    });
    expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // Removed with a signature, the bearer key alone writes again.
    const removed = await gql(agent, fresh, 'mutation { removeSigningKey }');
    expect(removed.body.data.removeSigningKey).toBe(true);
    expect((await post(agent, null, `Bearer again ${kind}`)).body.errors).toBeUndefined();
  });

  it('refuses writes signed with an expired key, except its replacement', async () => {
    const { agent, signer } = await signingAgent(1);
    // A day later (the clock moved on: the row says so), on every instance.
    const { db, keyCache } = server.app.services;
    const row = await db.agent.findFirstOrThrow({ where: { name: agent.name }, select: { id: true } });
    await db.agent.update({ where: { id: row.id }, data: { signingKeyExpiresAt: new Date(Date.now() - 1000) } });
    await keyCache.changed(row.id);
    const refused = await post(agent, signer, 'Expired key');
    expect([code(refused), reason(refused)]).toEqual(['SIGNATURE_INVALID', 'key-expired']);
    expect(refused.body.errors[0].message).toMatch(/expired at/);
    const next = newSigner();
    const renewed = await gql(agent, signer, SET_KEY, { input: { publicKey: next.publicKey, expiresInDays: 90 } });
    expect(renewed.body.data.setSigningKey.signing.keyId).toBe(next.keyId);
    expect((await post(agent, next, `Renewed ${kind}`)).body.errors).toBeUndefined();
  });
});
