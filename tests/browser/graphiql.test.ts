/**
 * GraphiQL on a machine without internet: every request that leaves the server is refused, and the IDE
 * still loads, runs a query and shows a subscription's live events (over WebSocket).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { subscriptionsFrom } from '../realtime/support.js';
import { createPost } from './content.js';
import { closeBrowser, launchBrowser, screenshot, watchErrors } from './support.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: TestServer;
let browserHandle: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let context: BrowserContext;
let page: Page;
let errors: string[];
let agent: TestAgent;
/** Requests the page tried to send anywhere but the server. */
const outside: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServer({ DATABASE_URL: db.url, RATE_LIMITS: 'off', DEMO: 'off' });
  agent = await createVerifiedAgent(server.gql, { name: 'gina_graphiql' });
  await createPost(server.gql, agent.apiKey, { submolt: 'general', title: 'Offline_feed_post' });

  browserHandle = await launchBrowser();
  context = await browserHandle.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  context.setDefaultTimeout(20_000);
  const origin = new URL(server.url).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    outside.push(url);
    return route.abort('internetdisconnected');
  });
  page = await context.newPage();
  errors = watchErrors(page);
});

afterAll(async () => {
  await context?.close();
  await closeBrowser(browserHandle);
  await server?.stop();
  await db?.drop();
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
    const response = await page.goto(`${server.url}/graphql`);
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
    const registered = await subscriptionsFrom(server.url);
    await run('NewPosts');
    await registered(1);
    await createPost(server.gql, agent.apiKey, { submolt: 'general', title: 'Live_while_watching' });
    await expect.poll(resultText, { timeout: 20_000 }).toContain('Live_while_watching');
    expect(sockets).toEqual([`${server.url.replace('http', 'ws')}/graphql`]);
    await screenshot(page, 'graphiql-subscription');
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });
});
