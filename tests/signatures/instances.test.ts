/**
 * Two instances of one deployment (one PostgreSQL, one Redis): a signature nonce spent on one is refused
 * on the other, and a key set or removed through one holds at once on the other (whose cached key rows
 * the change forgets). The window is the configured SIGNATURE_MAX_AGE_SECONDS on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAgent } from '../support/agents.js';
import { startDeployments, type Deployments } from '../support/server.js';
import { loadConfig } from '../../server/config.js';
import { newSigner, signatureHeaders, signedPost } from './support.js';

const CREATE_POST = 'mutation ($t: String!) { createPost(input: { submolt: "general", title: $t }) { id } }';
const SET_KEY = 'mutation ($k: String!) { setSigningKey(input: { publicKey: $k }) { name } }';
const FEED = 'query { posts(sort: NEW, first: 50) { nodes { title } } }';

describe('signed writes across instances', () => {
  let deployments: Deployments;
  beforeAll(async () => {
    deployments = await startDeployments({ RATE_LIMITS: 'off', SIGNATURE_MAX_AGE_SECONDS: '60' });
  });
  afterAll(() => deployments?.stop());

  it('refuses on one instance a nonce spent on the other', async () => {
    const { a, b } = deployments;
    const agent = await createVerifiedAgent(a.gql);
    const signer = newSigner();
    const auth = { authorization: `Bearer ${agent.apiKey}` };
    // Read through B first: B caches the agent's key row, without a signing key.
    expect((await b.gql('query { me { name } }', {}, { key: agent.apiKey })).data.me.name).toBe(agent.name);
    const set = await signedPost(
      null,
      `${a.url}/graphql`,
      JSON.stringify({ query: SET_KEY, variables: { k: signer.publicKey } }),
      auth,
    );
    expect(set.body.errors).toBeUndefined();
    // B knows at once: an unsigned write there is refused.
    const body = (t: string) => JSON.stringify({ query: CREATE_POST, variables: { t } });
    const unsigned = await signedPost(null, `${b.url}/graphql`, body('Unsigned on B'), auth);
    expect(unsigned.body.errors[0].extensions.code).toBe('SIGNATURE_REQUIRED');

    const text = body('Signed once');
    const headers = { ...auth, ...signatureHeaders(signer, 'POST', `${a.url}/graphql`, text, { anyAuthority: true }) };
    expect((await signedPost(null, `${a.url}/graphql`, text, headers)).body.errors).toBeUndefined();
    const replayed = await signedPost(null, `${b.url}/graphql`, text, headers);
    expect(replayed.body.errors[0].extensions).toMatchObject({ code: 'SIGNATURE_INVALID', reason: 'nonce-replayed' });

    // The same window on both: 61 s old is stale on either.
    const old = Math.floor(Date.now() / 1000) - 61;
    for (const server of [a, b]) {
      const stale = await signedPost(signer, `${server.url}/graphql`, body('Stale'), auth, { created: old });
      expect(stale.body.errors[0].extensions.reason).toBe('too-old');
    }
    const titles = (await a.gql(FEED, {}, { headers: { 'cache-control': 'no-cache' } })).data.posts.nodes.map(
      (n: { title: string }) => n.title,
    );
    expect(titles.filter((t: string) => t === 'Signed once')).toHaveLength(1);
    expect(titles).not.toContain('Unsigned on B');
    expect(titles).not.toContain('Stale');
  });

  it('declares the window in the configuration, validated', () => {
    expect(loadConfig({}).signatureMaxAgeSeconds).toBe(300);
    expect(loadConfig({ SIGNATURE_MAX_AGE_SECONDS: '60' }).signatureMaxAgeSeconds).toBe(60);
    expect(() => loadConfig({ SIGNATURE_MAX_AGE_SECONDS: '5' })).toThrow(
      /SIGNATURE_MAX_AGE_SECONDS must be 10 to 3600/,
    );
    expect(() => loadConfig({ SIGNATURE_MAX_AGE_SECONDS: 'soon' })).toThrow(/SIGNATURE_MAX_AGE_SECONDS/);
  });
});
