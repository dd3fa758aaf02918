/**
 * The viewer in headless Chromium against the real server (PostgreSQL, DEMO off, rate limits off):
 * what a human visitor sees, live updates included.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { createComment, createPost, createSubmolt, votePost } from './content.js';
import { distDir, ensureViewerBuilt, openPage, screenshot, useBrowser, waitLive, watchErrors } from './support.js';

const PAYLOAD = '<img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script>';

const t = useTestServer({ RATE_LIMITS: 'off' });
const b = useBrowser();
let context: BrowserContext;
let page: Page;
let errors: string[];
let ada: TestAgent;
let bob: TestAgent;
let thread: { id: string; top: string; reply: string; deep: string };
let payloadPost: { id: string };

beforeAll(async () => {
  await ensureViewerBuilt();
  ada = await createVerifiedAgent(t.server.gql, { name: 'ada_browser' });
  bob = await createVerifiedAgent(t.server.gql, { name: 'bob_browser' });
  await createSubmolt(t.server.gql, ada.apiKey, {
    name: 'agentops',
    displayName: 'Agent Ops',
    description: 'Running agents in production.',
  });
  const post = await createPost(t.server.gql, ada.apiKey, {
    submolt: 'agentops',
    title: 'Retry budgets, explained',
    body: 'Keep **retries** bounded.\n\n- jitter\n- backoff\n\n[docs](https://example.com/docs) and [bad](javascript:alert(1))',
  });
  const top = await createComment(t.server.gql, bob.apiKey, { postId: post.id, body: 'Top-level: agreed.' });
  const reply = await createComment(t.server.gql, ada.apiKey, { postId: post.id, parentId: top.id, body: 'A reply.' });
  const deep = await createComment(t.server.gql, bob.apiKey, { postId: post.id, parentId: reply.id, body: 'Deeper.' });
  thread = { id: post.id, top: top.id, reply: reply.id, deep: deep.id };
  payloadPost = await createPost(t.server.gql, bob.apiKey, { submolt: 'general', title: PAYLOAD, body: PAYLOAD });
  await votePost(t.server.gql, bob.apiKey, post.id, 'UP');

  const viewport = { width: 1280, height: 900 };
  ({ context, page, errors } = await openPage(b.browser, { viewport, timeoutMs: 10_000, colorScheme: 'light' }));
});

afterAll(async () => {
  await context?.close();
});

const card = (p: Page, postId: string) => p.locator(`[data-testid="post-card"][data-post-id="${postId}"]`);

describe('the viewer', () => {
  it('serves the app shell with a CSP that forbids inline scripts, on / and on client routes', async () => {
    for (const path of ['/', `/post/${thread.id}`, '/u/ada_browser', '/m/agentops?sort=new']) {
      const response = await fetch(t.server.url + path);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain("unsafe-inline'; connect"); // scripts never get 'unsafe-inline'
      const html = await response.text();
      expect(html).toContain('<div id="app"></div>');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline <script> in the shell
    }
    expect((await fetch(`${t.server.url}/assets/missing.js`)).status).toBe(404);
    // Malformed escapes and encoded traversal get a 404, never a file outside web/dist or a crash.
    expect((await fetch(`${t.server.url}/%E0%A4%A`)).status).toBe(404);
    expect((await fetch(`${t.server.url}/..%2F..%2Fpackage.json`)).status).not.toBe(500);
    expect(await (await fetch(`${t.server.url}/..%2F..%2Fpackage.json`)).text()).not.toContain('"dependencies"');
    expect((await fetch(`${t.server.url}/health`)).status).toBe(200);
  });

  it('shows the feed with posts, the live counter and the live connection state', async () => {
    await page.goto(t.server.url + '/');
    await waitLive(page);
    await expect.poll(() => card(page, thread.id).count()).toBe(1);
    await expect.poll(() => card(page, payloadPost.id).count()).toBe(1);
    await expect.poll(() => page.getByTestId('stats').innerText()).toMatch(/2\s*agents/);
    expect(await page.locator('main').count()).toBe(1);
    expect(await page.locator('header').first().count()).toBe(1);
    expect(await page.locator('nav[aria-label="Sort posts"] a').allInnerTexts()).toEqual([
      'Hot',
      'New',
      'Top',
      'Rising',
    ]);
    expect(await page.locator('footer').innerText()).toMatch(/Only AI agents can post/);
    await screenshot(page, 'front-page');
  });

  it('gathers a post created through the API behind a "new posts" bar, then shows it when clicked', async () => {
    await page.goto(t.server.url + '/');
    await waitLive(page);
    await card(page, thread.id).waitFor();
    const created = await createPost(t.server.gql, bob.apiKey, { submolt: 'general', title: 'Fresh from the API' });
    const bar = page.getByTestId('new-posts');
    await bar.waitFor({ timeout: 10_000 });
    expect(await bar.innerText()).toMatch(/1 new post/);
    expect(await card(page, created.id).count()).toBe(0); // never shoved under the reader's eyes
    await bar.click();
    await card(page, created.id).waitFor();
    expect(await page.getByTestId('post-card').first().getAttribute('data-post-id')).toBe(created.id);
    expect(await card(page, created.id).getAttribute('class')).toContain('fresh');
    expect(await bar.count()).toBe(0);
  });

  it('updates a score and a comment count in place', async () => {
    await page.goto(t.server.url + '/?sort=new');
    await waitLive(page);
    const target = card(page, thread.id);
    await target.waitFor();
    const before = Number(await target.getByTestId('post-score').innerText());
    await votePost(t.server.gql, ada.apiKey, payloadPost.id, 'UP');
    await createComment(t.server.gql, ada.apiKey, { postId: thread.id, body: 'Counting this one.' });
    await expect.poll(() => target.getByTestId('comment-count').innerText(), { timeout: 10_000 }).toBe('4 comments');
    await expect
      .poll(() => card(page, payloadPost.id).getByTestId('post-score').innerText(), { timeout: 10_000 })
      .toBe('1');
    expect(Number(await target.getByTestId('post-score').innerText())).toBe(before);
  });

  it('opens an agent profile from the feed', async () => {
    await page.goto(t.server.url + '/');
    await card(page, thread.id).getByRole('link', { name: 'u/ada_browser' }).click();
    await page.waitForURL('**/u/ada_browser');
    const profile = page.getByTestId('agent-profile');
    await profile.waitFor();
    expect(await profile.innerText()).toMatch(/verified/);
    expect(await page.getByRole('heading', { name: 'Recent posts' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Retry budgets, explained' }).first().waitFor();
    await screenshot(page, 'agent-profile');
  });

  it('shows a thread with nested replies, collapses a branch and adds a live comment in place, marked new', async () => {
    await page.goto(`${t.server.url}/post/${thread.id}`);
    await waitLive(page);
    const comment = (id: string) => page.locator(`[data-testid="comment"][data-comment-id="${id}"]`);
    await comment(thread.reply).waitFor();
    // Two levels load with the thread; a deeper branch loads on demand.
    expect(await comment(thread.deep).count()).toBe(0);
    await comment(thread.reply).getByRole('button', { name: 'Show 1 reply' }).click();
    await comment(thread.deep).waitFor();
    expect(await comment(thread.top).getAttribute('data-depth')).toBe('0');
    expect(await comment(thread.reply).getAttribute('data-depth')).toBe('1');
    expect(await comment(thread.deep).getAttribute('data-depth')).toBe('2');
    // nested in the DOM, not only labelled
    expect(await comment(thread.top).locator(`[data-comment-id="${thread.deep}"]`).count()).toBe(1);
    // markdown is rendered, links are hardened, javascript: links lose their href
    const docs = page.locator('.thread .prose a', { hasText: 'docs' });
    expect(await docs.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await page.locator('.thread .prose a', { hasText: 'bad' }).getAttribute('href')).toBeNull();
    expect(await page.locator('.thread .prose strong').innerText()).toBe('retries');

    const toggle = comment(thread.reply).getByRole('button', { name: /Collapse comment by ada_browser/ });
    await toggle.click();
    expect(await comment(thread.deep).count()).toBe(0);
    await comment(thread.reply)
      .getByRole('button', { name: /Expand comment by ada_browser/ })
      .click();
    await comment(thread.deep).waitFor();

    const live = await createComment(t.server.gql, ada.apiKey, {
      postId: thread.id,
      parentId: thread.top,
      body: 'Live *reply* from the API.',
    });
    const added = comment(live.id);
    await added.waitFor({ timeout: 10_000 });
    expect(await added.getAttribute('class')).toContain('fresh');
    expect(await added.innerText()).toMatch(/new/);
    expect(await comment(thread.top).locator(`[data-comment-id="${live.id}"]`).count()).toBe(1);
    expect(await added.getAttribute('data-depth')).toBe('1');
    await screenshot(page, 'thread');
  });

  it('answers deep links and reloads on every client route', async () => {
    await page.goto(`${t.server.url}/m/agentops?sort=top&t=week`);
    await page.getByTestId('submolt-about').waitFor();
    expect(await page.getByTestId('submolt-about').innerText()).toMatch(
      /Agent Ops[\s\S]*1 subscriber\b[\s\S]*1 post\b/,
    );
    await page.reload();
    await card(page, thread.id).waitFor();
    await screenshot(page, 'submolt-page');
    expect(await page.locator('nav[aria-label="Time range"] a[aria-current="page"]').innerText()).toBe('Week');
    await page.goto(`${t.server.url}/post/${thread.id}?sort=new`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Retry budgets, explained' }).waitFor();
    await page.goto(`${t.server.url}/search?q=retry`);
    await card(page, thread.id).waitFor({ timeout: 10_000 });
    await screenshot(page, 'search-results');
    await page.goto(`${t.server.url}/m`);
    await page.getByRole('link', { name: 'Agent Ops' }).waitFor();
    await page.goto(`${t.server.url}/u/nobody_here`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.goto(`${t.server.url}/m/no-such-submolt`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.goto(`${t.server.url}/post/not-a-post-id`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
  });

  it('shows a markup payload as text and runs nothing', async () => {
    await page.goto(`${t.server.url}/post/${payloadPost.id}`);
    await page.locator('.thread').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(PAYLOAD);
    expect(await page.locator('.thread .prose').innerText()).toContain('<img src=x onerror=');
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('has no write controls: no text box but search, no mutation in the bundle', async () => {
    for (const path of ['/', `/post/${thread.id}`, '/u/ada_browser', '/m/agentops']) {
      await page.goto(t.server.url + path);
      await page.locator('main :is(article, section)').first().waitFor();
      expect(await page.locator('textarea, [contenteditable]:not([contenteditable="false"])').count()).toBe(0);
      const inputs = await page
        .locator('input, select')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).type));
      expect(inputs).toEqual(['search']);
      // Every button is a reading control: sorting, expanding, loading more.
      const buttons = await page.getByRole('button').allInnerTexts();
      for (const label of buttons) expect(label).toMatch(/^(−|\+|Show \d+ repl(y|ies)|Load more.*|\d+ new posts?.*)$/);
    }
    const assets = await readdir(join(distDir, 'assets'));
    const bundle = (await Promise.all(assets.map((a) => readFile(join(distDir, 'assets', a), 'utf8')))).join('\n');
    expect(bundle).toContain('subscription PostCreated');
    expect(bundle).not.toMatch(/\bmutation\s*[A-Za-z_]*\s*[({]/);
    // No write field is called in any operation (`document.createComment(` is the DOM's, not ours).
    expect(bundle).not.toMatch(
      /(?<![.\w])(createPost|createComment|votePost|voteComment|createSubmolt|editPost|deletePost)\s*\(/,
    );
  });

  it('does not scroll sideways on a 390 px phone, in light or dark', async () => {
    const phone = await b.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      colorScheme: 'dark',
    });
    phone.setDefaultTimeout(10_000);
    const mobile = await phone.newPage();
    const mobileErrors = watchErrors(mobile);
    for (const path of ['/', `/post/${thread.id}`, '/u/ada_browser', `/post/${payloadPost.id}`]) {
      await mobile.goto(t.server.url + path);
      await mobile.locator('main :is(article, section)').first().waitFor();
      const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await mobile.goto(t.server.url + '/');
    await card(mobile, thread.id).waitFor();
    await screenshot(mobile, 'phone-front-page');
    expect(mobileErrors).toEqual([]);
    await phone.close();
  });

  it('logged no console error on any page', () => {
    expect(errors).toEqual([]);
  });
});
