/**
 * Details a reader notices, in headless Chromium against the real server: every count agrees with its
 * noun, one wording for whatever does not exist, no "·" starting or ending a line on a phone, and the
 * footer and the about box telling agents where to start.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { createComment, createPost, createSubmolt } from './content.js';
import { ensureViewerBuilt, screenshot, useBrowser, watchErrors } from './support.js';

const AGENT = 'a_rather_long_agent_name_xyz';
const SUBMOLT = 'long-winded-submolt-name-here';
const TITLE = 'Notes on retry budgets, backoff with jitter and the art of giving up gracefully';

const t = useTestServer({ RATE_LIMITS: 'off' });
const b = useBrowser();
let agent: TestAgent;
let post: { id: string };

beforeAll(async () => {
  await ensureViewerBuilt();
  // One of each, so that every count on the page is a 1 (or a 0) and has to agree with its noun.
  agent = await createVerifiedAgent(t.server.gql, { name: AGENT });
  await createSubmolt(t.server.gql, agent.apiKey, { name: SUBMOLT, displayName: 'Long-winded' });
  post = await createPost(t.server.gql, agent.apiKey, { submolt: SUBMOLT, title: TITLE, body: 'Body.' });
  await createComment(t.server.gql, agent.apiKey, { postId: post.id, body: 'A comment of my own.' });
});

/** A page in a fresh context; `phone` is a 390 px wide touch screen. */
async function open(path: string, { phone = false } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await b.browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 900 } },
  );
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(t.server.url + path);
  return { page, errors };
}

/**
 * Every "·" the reader can see in a line of facts that starts or ends a line: the "·" characters of the
 * text and the ones drawn by `::before`, less those clipped away by their line of facts.
 */
function straySeparators(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    /** Whether some of `rect` shows through the boxes that clip `element` sideways. */
    const shows = (rect: DOMRect, element: Element | null) => {
      for (let e = element; e; e = e.parentElement) {
        if (!['clip', 'hidden'].includes(getComputedStyle(e).overflowX)) continue;
        const clip = e.getBoundingClientRect();
        if (rect.right <= clip.left + 1 || rect.left >= clip.right - 1) return false;
      }
      return true;
    };
    for (const box of document.querySelectorAll<HTMLElement>('.meta, .comment-meta, .profile-head p')) {
      const words: DOMRect[] = [];
      const dots: DOMRect[] = []; // those that show
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of (node as Text).data.matchAll(/·|[^\s·]+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          for (const rect of range.getClientRects()) {
            if (rect.width === 0) continue;
            if (match[0] !== '·') words.push(rect);
            else if (shows(rect, node.parentElement)) dots.push(rect);
          }
        }
      }
      for (const element of box.querySelectorAll('*')) {
        const before = getComputedStyle(element, '::before');
        if (!before.content.includes('·')) continue;
        const rect = element.getBoundingClientRect();
        const left =
          before.position === 'absolute' ? rect.left + element.clientLeft + parseFloat(before.left) : rect.left;
        const dot = new DOMRect(left, rect.top, parseFloat(before.width) || 4, rect.height);
        if (shows(dot, element)) dots.push(dot);
      }
      for (const dot of dots) {
        const middle = (dot.top + dot.bottom) / 2;
        const line = words.filter((word) => word.top <= middle && word.bottom >= middle);
        const where = !line.some((word) => word.right <= dot.left + 1)
          ? 'starts'
          : !line.some((word) => word.left >= dot.right - 1)
            ? 'ends'
            : null;
        if (where) problems.push(`"${box.innerText.replace(/\s+/g, ' ').slice(0, 70)}": a "·" ${where} a line`);
      }
    }
    return problems;
  });
}

describe('the details', () => {
  it('never starts or ends a line with a "·" on a phone', async () => {
    for (const path of ['/', `/m/${SUBMOLT}`, `/post/${post.id}`, `/u/${AGENT}`, '/search?q=retry']) {
      const { page, errors } = await open(path, { phone: true });
      await page.locator('main .meta').first().waitFor();
      await page.waitForLoadState('networkidle');
      // The lines of facts do wrap here (the names are long): the check below is not vacuous.
      const wraps = await page
        .locator('main .meta')
        .evaluateAll((boxes) => boxes.some((box) => box.getBoundingClientRect().height > 30));
      expect(wraps, path).toBe(true);
      expect(await straySeparators(page), path).toEqual([]);
      if (path === `/u/${AGENT}`) await screenshot(page, 'phone-agent-profile');
      expect(errors, path).toEqual([]);
      await page.context().close();
    }
  });

  it('gives every count the noun that agrees with it', async () => {
    const { page } = await open('/');
    await expect.poll(() => page.getByTestId('stats').innerText()).toMatch(/^1\s+agent\s+1\s+post\s+1\s+comment\s/);
    expect(await page.getByTestId('comment-count').innerText()).toBe('1 comment');
    expect(await page.locator('.top-submolts li', { hasText: SUBMOLT }).innerText()).toMatch(/1 subscriber$/);
    expect(await page.locator('.top-submolts li', { hasText: 'm/general' }).innerText()).toMatch(/0 subscribers$/);
    await page.goto(`${t.server.url}/m`);
    const row = page.locator('.submolt-list li', { hasText: SUBMOLT }).locator('.meta');
    await expect.poll(() => row.innerText()).toMatch(/^1 subscriber\s+1 post$/);
    await page.goto(`${t.server.url}/u/${AGENT}`);
    await expect.poll(() => page.locator('.figures').innerText()).toMatch(/0\s+followers/);
    await page.goto(`${t.server.url}/post/${post.id}`);
    await expect.poll(() => page.getByTestId('thread-comment-count').innerText()).toBe('1 comment');
    await page.context().close();
  });

  it('says the same thing about every post, agent, submolt or page that does not exist', async () => {
    const texts: string[] = [];
    const missing = {
      agent: '/u/nobody_here',
      submolt: '/m/no-such-submolt',
      post: '/post/not-a-post-id',
      page: '/nowhere/at/all',
    };
    for (const [kind, path] of Object.entries(missing)) {
      const { page } = await open(path);
      await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
      const text = await page.locator('main p').first().innerText();
      expect(text, path).toContain(kind);
      texts.push(text.replace(kind, '…'));
      expect(await page.title(), path).toBe('Not found · MoltBook');
      await page.context().close();
    }
    expect(new Set(texts).size).toBe(1);
  });

  it('points agents to /skill.md and to GraphiQL, in the footer and the about box', async () => {
    const { page } = await open('/');
    for (const where of [page.locator('footer'), page.getByRole('complementary', { name: 'About MoltBook' })]) {
      expect(await where.innerText()).toMatch(/Are you an agent\? Read \/skill\.md/);
      expect(await where.getByRole('link', { name: '/skill.md' }).getAttribute('href')).toBe('/skill.md');
      expect(await where.getByRole('link', { name: /GraphiQL/ }).getAttribute('href')).toBe('/graphql');
    }
    // The server answers /skill.md itself: the link loads it instead of routing inside the viewer.
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url() === `${t.server.url}/skill.md` && r.resourceType() === 'document'),
      page.locator('footer').getByRole('link', { name: '/skill.md' }).click(),
    ]);
    expect(request.isNavigationRequest()).toBe(true);
    await page.context().close();
  });
});
