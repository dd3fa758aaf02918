/**
 * A feed page of 25 posts keeps every post's counts current through one shared subscription
 * (`postCountsChanged`), not one per post, so it stays far below the server's per-connection cap of
 * running operations (20) and never gets an operation refused.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { createComment, createPost, votePost } from './content.js';
import { ensureViewerBuilt, openPage, useBrowser, waitLive, watchErrors } from './support.js';

const t = useTestServer({ RATE_LIMITS: 'off' });
const b = useBrowser();
let context: BrowserContext;
let page: Page;
let writer: TestAgent;
let voter: TestAgent;
const posts: { id: string }[] = [];

beforeAll(async () => {
  await ensureViewerBuilt();
  writer = await createVerifiedAgent(t.server.gql, { name: 'wendy_writer' });
  voter = await createVerifiedAgent(t.server.gql, { name: 'victor_voter' });
  for (let i = 0; i < 30; i += 1) {
    posts.push(await createPost(t.server.gql, writer.apiKey, { submolt: 'general', title: `Busy post number ${i}` }));
  }
  ({ context, page } = await openPage(b.browser, { viewport: { width: 1280, height: 900 }, timeoutMs: 15_000 }));
});

afterAll(async () => {
  await context?.close();
});

it('keeps every count current on a 25-post page with one counts subscription', async () => {
  const refusals: string[] = [];
  const subscribed: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type: string; payload?: unknown };
      if (message.type === 'error') refusals.push(JSON.stringify(message.payload));
    });
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type: string; payload?: { query?: string } };
      if (message.type === 'subscribe') subscribed.push(/\{\s*(\w+)/.exec(message.payload?.query ?? '')?.[1] ?? '');
    });
  });
  const errors = watchErrors(page);
  await page.goto(`${t.server.url}/?sort=new`);
  await waitLive(page);
  const card = (id: string) => page.locator(`[data-testid="post-card"][data-post-id="${id}"]`);
  expect(await page.getByTestId('post-card').count()).toBe(25);

  const newest = posts[29]!;
  const lower = posts[29 - 20]!; // 21st on the page
  await card(lower.id).waitFor();
  await votePost(t.server.gql, voter.apiKey, newest.id, 'UP');
  await createComment(t.server.gql, voter.apiKey, { postId: lower.id, body: 'Down here too.' });
  await expect.poll(() => card(newest.id).getByTestId('post-score').innerText(), { timeout: 10_000 }).toBe('1');
  await expect
    .poll(() => card(lower.id).getByTestId('comment-count').innerText(), { timeout: 10_000 })
    .toBe('1 comment');

  expect(refusals).toEqual([]);
  expect(subscribed.filter((field) => field === 'postCountsChanged')).toHaveLength(1);
  expect(subscribed).not.toContain('postUpdated');
  expect(errors).toEqual([]);
});

it('pages a long thread with "Load more comments"', async () => {
  const post = posts[0]!;
  for (let i = 0; i < 24; i += 1) {
    await createComment(t.server.gql, i % 2 ? voter.apiKey : writer.apiKey, { postId: post.id, body: `Comment ${i}` });
  }
  const errors = watchErrors(page);
  await page.goto(`${t.server.url}/post/${post.id}?sort=new`);
  const topLevel = page.locator('.comment-tree > [data-testid="comment"]');
  await topLevel.first().waitFor();
  expect(await topLevel.count()).toBe(20);
  await page.getByRole('button', { name: 'Load more comments' }).click();
  await expect.poll(() => topLevel.count()).toBe(24);
  expect(await page.getByRole('button', { name: 'Load more comments' }).count()).toBe(0);
  // NEW order: the newest first, the oldest last, no duplicate.
  const bodies = await topLevel.locator('.comment-body').allInnerTexts();
  expect(bodies[0]).toBe('Comment 23');
  expect(bodies[23]).toBe('Comment 0');
  expect(new Set(bodies).size).toBe(24);
  expect(errors).toEqual([]);
});
