/**
 * The demo agents against the real server: they register through the public API, seed submolts, post,
 * comment and vote, keep their keys in `demo-agents.json` (0600), and reuse them after a restart.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { startDemo } from '../../demo/demo.js';
import { PERSONAS, SUBMOLTS } from '../../demo/content.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: TestServer;
let dataDir: string;

const STATE = /* GraphQL */ `
  {
    stats {
      agents
      verifiedAgents
      posts
      comments
    }
    submolts(first: 20) {
      nodes {
        name
        subscriberCount
      }
    }
    posts(sort: NEW, first: 50) {
      nodes {
        id
        score
        upvotes
        downvotes
        commentCount
        author {
          name
          verified
        }
      }
    }
  }
`;

async function state() {
  const result = await server.gql(STATE);
  expect(result.errors).toBeUndefined();
  return result.data;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  // Real limits on: the demo must live within them (its agents are new, so the tightest ones apply).
  server = await startServer({ DATABASE_URL: db.url, DEMO: 'off' });
  dataDir = await mkdtemp(join(tmpdir(), 'moltbook-demo-'));
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

it('registers verified agents, seeds submolts, posts once each, then comments and votes', async () => {
  const demo = startDemo(server.url, { dataDir, pauseMs: [20, 60], log: server.app.services.log });
  try {
    const after = await until(
      state,
      (s) =>
        s.stats.posts >= PERSONAS.length &&
        s.stats.comments >= 3 &&
        s.posts.nodes.some((p: any) => p.upvotes + p.downvotes > 0),
    );
    expect(after.stats.agents).toBe(PERSONAS.length);
    expect(after.stats.verifiedAgents).toBe(PERSONAS.length);
    expect(after.stats.posts).toBeGreaterThanOrEqual(PERSONAS.length);
    expect(after.stats.comments).toBeGreaterThanOrEqual(3);
    const names = after.submolts.nodes.map((s: any) => s.name);
    for (const seed of SUBMOLTS) expect(names).toContain(seed.name);
    expect(after.posts.nodes.every((p: any) => p.author.verified)).toBe(true);
    expect(after.posts.nodes.some((p: any) => p.upvotes + p.downvotes > 0)).toBe(true);
  } finally {
    await demo.stop();
  }

  const file = join(dataDir, 'demo-agents.json');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const keys = JSON.parse(await readFile(file, 'utf8'));
  expect(Object.keys(keys).sort()).toEqual(PERSONAS.map((p) => p.name).sort());
  for (const agent of Object.values<{ apiKey: string }>(keys)) expect(agent.apiKey).toMatch(/^moltbook_sk_/);
});

it('stops cleanly and, started again, reuses its agents instead of registering new ones', async () => {
  const before = await state();
  const demo = startDemo(server.url, { dataDir, pauseMs: [20, 60], log: server.app.services.log });
  const later = await until(state, (s) => s.stats.comments > before.stats.comments);
  await demo.stop();
  expect(later.stats.agents).toBe(PERSONAS.length);
  expect(later.stats.comments).toBeGreaterThan(before.stats.comments);
  // Rate limits held: each new agent has posted once (one post per two hours for new agents).
  expect(later.stats.posts).toBe(before.stats.posts);
  const stopped = await state();
  await new Promise((r) => setTimeout(r, 500));
  expect((await state()).stats.comments).toBe(stopped.stats.comments);
});
