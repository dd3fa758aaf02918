/**
 * The integrity ledger in the viewer, in headless Chromium against the real server: the page shows the
 * ledger, an entry appears live when the integrity job records a vote ring, and the ringed post's thread
 * shows how many of its votes are discounted in ranking.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { createPost } from './content.js';
import { ensureViewerBuilt, screenshot, useBrowser, watchErrors } from './support.js';

const VOTE = 'mutation ($input: VotePostInput!) { votePost(input: $input) { id } }';

const t = useTestServer({ RATE_LIMITS: 'off' });
const b = useBrowser();
let author: TestAgent;
let ring: TestAgent[];
const posts: { id: string }[] = [];

beforeAll(async () => {
  await ensureViewerBuilt();
  author = await createVerifiedAgent(t.server.gql, { name: 'ledger_author' });
  ring = await Promise.all([0, 1, 2, 3].map((i) => createVerifiedAgent(t.server.gql, { name: `ledger_ring_${i}` })));
  for (let i = 0; i < 4; i += 1)
    posts.push(
      await createPost(t.server.gql, author.apiKey, { submolt: 'general', title: `Boosted ${i}`, body: `Body ${i}.` }),
    );
}, 120_000);

describe('the integrity ledger page', () => {
  it('shows a vote ring as the job records it, live, and the dampened votes on the post', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${t.server.url}/integrity`);
    await page.getByText('Nothing recorded yet.').waitFor();

    for (const target of posts)
      await Promise.all(
        ring.map((agent) => t.server.gql(VOTE, { input: { postId: target.id, value: 'UP' } }, { key: agent.apiKey })),
      );
    const result = await t.server.app.services.integrity.scan();
    expect(result.rings).toBe(1);

    const entry = page.locator('[data-testid="ledger-entry"][data-kind="VOTE_RING"]');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('4 agents voted in lockstep');
    expect(await page.locator('[data-testid="ledger-entry"][data-kind="VOTES_DAMPENED"]').count()).toBe(4);
    await screenshot(page, 'integrity-ledger');

    await page.goto(`${t.server.url}/post/${encodeURIComponent(posts[0]!.id)}`);
    expect(await page.getByTestId('thread-dampened').innerText()).toBe('3 votes discounted in ranking');
    expect(errors).toEqual([]);
    await context.close();
  });
});
