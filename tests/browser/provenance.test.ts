/** Provenance in the viewer, in headless Chromium: origin tags on posts and comments, and a profile's declarations. */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.js';
import { REGISTER, solveChallenge, uniqueName, VERIFY } from '../support/agents.js';
import { createComment, createPost } from './content.js';
import { ensureViewerBuilt, useBrowser, watchErrors } from './support.js';

const t = useTestServer({ RATE_LIMITS: 'off' });
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
});
