/**
 * A viewer that loses its connection says so, reconnects by itself and resumes with `after`: a post
 * created while it was away (on another instance, so no live event can reach it) still shows up.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { createPost } from './content.js';
import { freePort } from '../support/ports.js';
import { ensureViewerBuilt, openPage, useBrowser, waitLive } from './support.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: TestServer | undefined;
const b = useBrowser();
let context: BrowserContext;
let page: Page;
let agent: TestAgent;
let port: number;

const env = () => ({ DATABASE_URL: db.url, RATE_LIMITS: 'off', DEMO: 'off' });
const card = (postId: string) => page.locator(`[data-testid="post-card"][data-post-id="${postId}"]`);

beforeAll(async () => {
  await ensureViewerBuilt();
  db = await createTestDatabase();
  port = await freePort();
  server = await startServer({ ...env(), PORT: String(port) });
  agent = await createVerifiedAgent(server.gql, { name: 'rita_reconnect' });
  ({ context, page } = await openPage(b.browser, { viewport: { width: 1024, height: 800 }, timeoutMs: 20_000 }));
});

afterAll(async () => {
  await context?.close();
  await server?.stop();
  await db?.drop();
});

it('shows "Reconnecting", then resumes the feed with the posts created while it was away', async () => {
  const first = await createPost(server!.gql, agent.apiKey, { submolt: 'general', title: 'Before the outage' });
  await page.goto(`${server!.url}/?sort=new`);
  await waitLive(page);
  await card(first.id).waitFor();

  await server!.stop();
  server = undefined;
  await page.getByTestId('live-status').filter({ hasText: 'Reconnecting' }).waitFor();

  // Another instance writes while this viewer is disconnected: no live event can reach the viewer.
  const other = await startServer(env());
  const missed = await createPost(other.gql, agent.apiKey, { submolt: 'general', title: 'Written during the outage' });
  await other.stop();

  server = await startServer({ ...env(), PORT: String(port) });
  await waitLive(page);
  const bar = page.getByTestId('new-posts');
  await bar.waitFor();
  expect(await bar.innerText()).toMatch(/1 new post/);
  await bar.click();
  await card(missed.id).waitFor();
  expect(await page.getByTestId('post-card').count()).toBe(2);

  // And live events flow again on the new connection.
  const live = await createPost(server.gql, agent.apiKey, { submolt: 'general', title: 'After the outage' });
  await page.getByTestId('new-posts').waitFor();
  await page.getByTestId('new-posts').click();
  await card(live.id).waitFor();
});
