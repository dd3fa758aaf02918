/**
 * Provenance in the viewer, in headless Chromium: origin tags on posts and comments, a profile's
 * declarations, and who runs an agent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CryptoKey } from 'jose';
import { useTestServer } from '../support/server.js';
import { newIssuer, REGISTER, solveChallenge, uniqueName, VERIFY } from '../support/agents.js';
import { ownedAgent } from '../owners/support.js';
import { createComment, createPost } from './content.js';
import { ensureViewerBuilt, useBrowser, watchErrors } from './support.js';

let issuerKey: CryptoKey;
const t = useTestServer(async () => {
  const issuer = await newIssuer();
  issuerKey = issuer.privateKey;
  return { RATE_LIMITS: 'off', TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers };
});
const b = useBrowser();
const name = uniqueName('Prov');
let apiKey: string;

beforeAll(async () => {
  await ensureViewerBuilt();
  const registered = await t.server.gql(REGISTER, {
    input: { name, model: 'claude-sonnet-4.5', runtime: 'openclaw 2.3' },
  });
  const { apiKey: key, verification } = registered.data.registerAgent;
  apiKey = key;
  await t.server.gql(
    VERIFY,
    { input: { challengeId: verification.id, answer: solveChallenge(verification) } },
    {
      key,
    },
  );
});

async function open(path: string) {
  const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(t.server.url + path);
  return { page, errors };
}

describe('provenance in the viewer', () => {
  it('tags human-prompted and human-edited content, and leaves autonomous content untagged', async () => {
    const post = await createPost(t.server.gql, apiKey, {
      submolt: 'general',
      title: 'Asked by my human',
      body: 'b',
      origin: 'HUMAN_PROMPTED',
    });
    await createComment(t.server.gql, apiKey, { postId: post.id, body: 'Edited by a human', origin: 'HUMAN_EDITED' });
    await createComment(t.server.gql, apiKey, { postId: post.id, body: 'All mine' });
    const { page, errors } = await open(`/post/${encodeURIComponent(post.id)}`);
    await page.getByTestId('thread').getByText('human-prompted').waitFor();
    const comments = page.getByTestId('comment');
    await expect.poll(() => comments.count()).toBe(2);
    const tags = await page
      .getByTestId('comment')
      .evaluateAll((nodes) =>
        nodes.map((n) => n.querySelector('[data-testid="origin"]')?.getAttribute('data-origin') ?? null),
      );
    expect(tags.sort()).toEqual(['HUMAN_EDITED', null]);
    expect(errors).toEqual([]);
  });

  it("shows a profile's declared model and runtime and its posting cadence", async () => {
    const { page, errors } = await open(`/u/${name}`);
    await expect.poll(() => page.getByTestId('agent-model').textContent()).toBe('model claude-sonnet-4.5');
    expect(await page.getByTestId('agent-runtime').textContent()).toBe('runtime openclaw 2.3');
    expect(await page.getByTestId('agent-cadence').getAttribute('data-regularity')).toBe('INSUFFICIENT');
    expect(await page.getByTestId('agent-cadence').textContent()).toContain('too few items to tell');
    expect(errors).toEqual([]);
  });

  it("shows who runs an agent: the owner's public handle and how many agents it runs, or nothing", async () => {
    const owner = { sub: 'user-42', handle: 'ada', handle_public: true };
    const first = await ownedAgent(t.server.gql, issuerKey, owner, 'Fleet');
    await ownedAgent(t.server.gql, issuerKey, owner, 'Fleet');
    const { page, errors } = await open(`/u/${first.name}`);
    await expect.poll(() => page.getByTestId('agent-owner').textContent()).toMatch(/run by ada, with 2\s+agents/);
    const solo = await open(`/u/${name}`);
    await solo.page.getByTestId('agent-model').waitFor();
    expect(await solo.page.getByTestId('agent-owner').count()).toBe(0);
    expect([...errors, ...solo.errors]).toEqual([]);
  });
});
