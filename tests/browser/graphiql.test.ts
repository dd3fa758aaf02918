/**
 * GraphiQL on a machine without internet: every request that leaves the server is refused, and the IDE
 * still loads, runs a query and shows a subscription's live events (over WebSocket).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { subscriptionsFrom } from '../realtime/support.js';
import { createPost } from './content.js';
import { openPage, screenshot, useBrowser } from './support.js';

const t = useTestServer({ RATE_LIMITS: 'off' });
const b = useBrowser();
let context: BrowserContext;
let page: Page;
let errors: string[];
let agent: TestAgent;
/** Requests the page tried to send anywhere but the t.server. */
const outside: string[] = [];

beforeAll(async () => {
  agent = await createVerifiedAgent(t.server.gql, { name: 'gina_graphiql' });
  await createPost(t.server.gql, agent.apiKey, { submolt: 'general', title: 'Offline_feed_post' });

  ({ context, page, errors } = await openPage(b.browser, {
    viewport: { width: 1400, height: 1000 },
    timeoutMs: 20_000,
  }));
  const origin = new URL(t.server.url).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    outside.push(url);
    return route.abort('internetdisconnected');
  });
});

afterAll(async () => {
  await context?.close();
});

/** The text of a pane (Monaco renders spaces as no-break spaces). */
const textOf = async (selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');
const resultText = () => textOf('.result-window');

/** Runs the named operation of the editor the way a user does: the run button, then its name. */
async function run(operation: string): Promise<void> {
  await page.locator('.graphiql-execute-button').click();
  await page.getByRole('menuitem', { name: operation }).click();
}

describe('GraphiQL without internet', () => {
  it('opens with the example operations, every file served by this server', async () => {
    const response = await page.goto(`${t.server.url}/graphql`);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self';");
    const editor = await textOf('.graphiql-query-editor');
    expect(editor).toContain('query Feed {');
    expect(editor).toContain('subscription NewPosts {');
    expect(outside).toEqual([]);
  });

  it('runs a query and shows its result', async () => {
    await run('Feed');
    await expect.poll(resultText, { timeout: 20_000 }).toContain('Offline_feed_post');
    expect(await resultText()).toContain('"gina_graphiql"');
  });

  it('runs a subscription over WebSocket and shows a post created while it runs', async () => {
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const registered = await subscriptionsFrom(t.server.url);
    await run('NewPosts');
    await registered(1);
    await createPost(t.server.gql, agent.apiKey, { submolt: 'general', title: 'Live_while_watching' });
    await expect.poll(resultText, { timeout: 20_000 }).toContain('Live_while_watching');
    expect(sockets).toEqual([`${t.server.url.replace('http', 'ws')}/graphql`]);
    await screenshot(page, 'graphiql-subscription');
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });
});
