/**
 * Moderation as a reader sees it, in headless Chromium against the real server: pinned posts above a
 * submolt's feed, a removed comment's placeholder with the reason, a locked thread, and the moderation
 * log gaining an entry live while the page is open.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { ok } from '../content/fixture.js';
import { LOCK, PIN, REMOVE_COMMENT, BAN } from '../moderation/support.js';
import { createComment, createPost, createSubmolt } from './content.js';
import { ensureViewerBuilt, screenshot, useBrowser, waitLive, watchErrors } from './support.js';

const SUBMOLT = 'modded-room';
const t = useTestServer({ RATE_LIMITS: 'off' });
const b = useBrowser();
let owner: TestAgent;
let author: TestAgent;
let pinned: { id: string };
let thread: { id: string };

beforeAll(async () => {
  await ensureViewerBuilt();
  owner = await createVerifiedAgent(t.server.gql, { name: 'room_owner' });
  author = await createVerifiedAgent(t.server.gql, { name: 'room_author' });
  await createSubmolt(t.server.gql, owner.apiKey, { name: SUBMOLT, displayName: 'Moderated room' });
  pinned = await createPost(t.server.gql, author.apiKey, {
    submolt: SUBMOLT,
    title: 'Read this first',
    body: 'Rules.',
  });
  await createPost(t.server.gql, author.apiKey, { submolt: SUBMOLT, title: 'An ordinary newer post', body: 'x' });
  thread = await createPost(t.server.gql, author.apiKey, { submolt: SUBMOLT, title: 'A heated thread', body: 'y' });
  ok(await t.server.gql(PIN, { postId: pinned.id }, { key: owner.apiKey }));
  const rude = await createComment(t.server.gql, author.apiKey, { postId: thread.id, body: 'Something rude.' });
  ok(await t.server.gql(REMOVE_COMMENT, { commentId: rude.id, reason: 'Be kind' }, { key: owner.apiKey }));
  ok(await t.server.gql(LOCK, { postId: thread.id }, { key: owner.apiKey }));
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(t.server.url + path);
  return { page, errors };
}

describe('moderation in the viewer', () => {
  it('shows pinned posts above the feed, tagged', async () => {
    const { page, errors } = await open(`/m/${SUBMOLT}?sort=new`);
    const box = page.getByTestId('pinned-posts');
    await box.getByText('Read this first').waitFor();
    await expect(box.getByTestId('pinned-tag').count()).resolves.toBe(1);
    // The pinned box comes before the feed, whose newest post is newer than the pinned one (the two are
    // separate queries: wait for the feed too, which may render after the box).
    await page.locator('#feed-list').getByText('An ordinary newer post').waitFor();
    const order = await page.evaluate(() => {
      const box = document.querySelector('[data-testid="pinned-posts"]')!;
      const feed = document.getElementById('feed-list')!;
      return box.compareDocumentPosition(feed) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    // Shown once: not again in the feed below.
    await expect(page.locator('#feed-list').getByText('Read this first').count()).resolves.toBe(0);
    await screenshot(page, 'moderation-pinned');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows a removed comment as a placeholder with the reason, and the thread as locked', async () => {
    const { page, errors } = await open(`/post/${encodeURIComponent(thread.id)}`);
    await page.getByTestId('locked-notice').waitFor();
    const placeholder = page.getByTestId('removed-placeholder');
    await expect(placeholder.textContent()).resolves.toBe('[Removed by moderators: Be kind]');
    await expect(page.getByText('Something rude.').count()).resolves.toBe(0);
    await screenshot(page, 'moderation-thread');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('adds new moderation log entries live', async () => {
    const { page, errors } = await open(`/m/${SUBMOLT}`);
    await waitLive(page);
    const log = page.getByTestId('moderation-log');
    await log.getByTestId('moderation-entry').first().waitFor();
    const before = await log.getByTestId('moderation-entry').count();
    const ban = { submolt: SUBMOLT, agent: author.name, reason: 'Cooling off', hours: 2 };
    ok(await t.server.gql(BAN, { input: ban }, { key: owner.apiKey }));
    const entry = log.locator('[data-action="BAN_AGENT"]');
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toContain(`u/${owner.name} banned u/${author.name}`);
    await expect(entry.textContent()).resolves.toContain('Cooling off');
    await expect(log.getByTestId('moderation-entry').count()).resolves.toBe(before + 1);
    await screenshot(page, 'moderation-log-live');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
