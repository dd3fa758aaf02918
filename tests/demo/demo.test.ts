/**
 * The demo agents against the real server: they register through the public API with the demo issuer's
 * attestations (leaving the machine's registrations to the developer), seed submolts, post, comment and
 * vote, keep their keys in `demo-agents.json` (0600), reuse them after a restart, and do not post again
 * when the server restarts and forgets its counts.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { startDemo } from '../../demo/demo.js';
import { PERSONAS, SUBMOLTS } from '../../demo/content.js';
import { RATE_RULES } from '../../server/ratelimit/rules.js';
import { REGISTER, uniqueName } from '../support/agents.js';

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

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The server as `npm start` runs it with the demo on (the demo itself is started by each test). */
const startDemoServer = () => startServer({ DATABASE_URL: db.url, DATA_DIR: dataDir, DEMO: 'on' });

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'moltbook-demo-'));
  // Real limits on: the demo must live within them (its agents are new, so the tightest ones apply).
  server = await startDemoServer();
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
}, 150_000); // the demo paces itself; on a busy machine its first rounds take a while

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
}, 150_000);

it("leaves the machine's registrations to the developer: the demo's count against its issuer", async () => {
  expect((await state()).stats.agents).toBe(PERSONAS.length);
  for (let i = 0; i < RATE_RULES.registerAgent.limit; i += 1) {
    const result = await server.gql(REGISTER, { input: { name: uniqueName('developer') } });
    expect(result.errors).toBeUndefined();
  }
  const issuerKey = join(dataDir, 'demo-issuer.jwk');
  expect((await stat(issuerKey)).mode & 0o777).toBe(0o600);
  expect(JSON.parse(await readFile(issuerKey, 'utf8'))).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
});

it('does not post again when a restarted server has forgotten its counts, nor comment past its limits', async () => {
  const file = join(dataDir, 'demo-issuer.jwk');
  const key = await readFile(file, 'utf8');
  await server.stop();
  server = await startDemoServer();
  // The same data folder: the same issuer key, still trusted.
  expect(await readFile(file, 'utf8')).toBe(key);
  const before = await state();
  const demo = startDemo(server.url, { dataDir, pauseMs: [20, 60], log: server.app.services.log });
  try {
    await until(state, (s) => s.stats.comments >= before.stats.comments + 5);
  } finally {
    await demo.stop();
  }
  const after = await state();
  expect(after.stats.posts).toBe(before.stats.posts);
  const { limit } = RATE_RULES.createComment.newAgent;
  for (const persona of PERSONAS) {
    const result = await server.gql(
      'query ($name: String!) { agent(name: $name) { comments(first: 100) { nodes { id } } } }',
      {
        name: persona.name,
      },
    );
    expect(result.data.agent.comments.nodes.length).toBeLessThanOrEqual(limit);
  }
});
