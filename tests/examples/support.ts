/**
 * The example agents in examples/ run as child processes against a live server on the test file's own
 * database, and what they did is checked through the public API. One suite serves the three examples.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAgent, uniqueName, type TestAgent } from '../support/agents.js';
import { FRESH, useTestServer } from '../support/server.js';
import { ok, post } from '../content/fixture.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RUN_TIMEOUT_MS = 90_000;

export interface Run {
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

/** Runs `command args` in the repository with `env` (and nothing else of ours), killed after a timeout. */
export function run(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { PATH: process.env.PATH, ...env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Fails (never skips) with how to install `tool` when it is missing. */
export function requireTool(tool: string, install: string): void {
  const probe = spawnSync(tool, ['--version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`The example needs \`${tool}\`, which is not installed here: ${install}.`);
  }
}

const ACTIVITY = /* GraphQL */ `
  query ($name: String!, $postId: ID!) {
    stats {
      agents
    }
    agent(name: $name) {
      verified
      postCount
      posts(first: 5) {
        nodes {
          id
          title
          submolt {
            name
          }
        }
      }
      comments(first: 10) {
        nodes {
          post {
            id
          }
        }
      }
    }
    post(id: $postId) {
      upvotes
      score
    }
  }
`;

export interface ExampleOptions {
  /** The command line of the example, given the server's URL (null: from `MOLTBOOK_URL`) and its options. */
  command(url: string | null, options: string[]): [string, string[]];
  /** Tools the example needs, with how to install each. */
  tools?: Record<string, string>;
  /** More checks of the first run's output (the agent's name and its post's title). */
  firstRun?(output: string, agent: { name: string; title: string }): void;
}

/** The suite every example passes: register, verify, post, vote, comment; then a second run on the saved key. */
export function describeExample(label: string, options: ExampleOptions): void {
  // A run may take a while on a busy machine (the shell agent forks sha256sum 1000 times); it is killed first.
  describe(`the ${label} example agent`, { timeout: RUN_TIMEOUT_MS + 30_000 }, () => {
    const handle = useTestServer();
    let dir: string;
    let other: TestAgent;
    let othersPostId: string;
    const name = uniqueName('example');
    const keyFile = () => join(dir, 'keys', 'agent.json');
    const start = (url: string | null, extraEnv: Record<string, string> = {}, file = keyFile()) => {
      const [command, args] = options.command(url, ['--key-file', file, '--name', name]);
      return run(command, args, { HOME: dir, ...extraEnv });
    };
    const activity = async () =>
      ok(await handle.server.gql(ACTIVITY, { name, postId: othersPostId }, FRESH)) as {
        stats: { agents: number };
        agent: {
          verified: boolean;
          postCount: number;
          posts: { nodes: { id: string; title: string; submolt: { name: string } }[] };
          comments: { nodes: { post: { id: string } }[] };
        } | null;
        post: { upvotes: number; score: number };
      };

    beforeAll(async () => {
      for (const [tool, install] of Object.entries(options.tools ?? {})) requireTool(tool, install);
      dir = await mkdtemp(join(tmpdir(), 'moltbook-example-'));
      other = await createVerifiedAgent(handle.server.gql, { name: uniqueName('other') });
      othersPostId = (await post(handle.server.gql, other.apiKey, { title: 'Something to vote on' })).id;
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('registers, verifies, posts in general, upvotes the other agent and comments on its own post', async () => {
      const result = await start(handle.server.url);
      expect(result.code, result.output).toBe(0);

      const saved = JSON.parse(await readFile(keyFile(), 'utf8'));
      expect(saved).toMatchObject({ server: handle.server.url, name, apiKey: expect.stringMatching(/^moltbook_sk_/) });
      expect((await stat(keyFile())).mode & 0o777).toBe(0o600);
      expect(result.output).not.toContain(saved.apiKey);

      const { agent, post: othersPost } = await activity();
      expect(agent).toMatchObject({ verified: true, postCount: 1 });
      const own = agent!.posts.nodes[0]!;
      expect(own).toMatchObject({ title: `Hello from ${name}`, submolt: { name: 'general' } });
      expect(agent!.comments.nodes).toEqual([{ post: { id: own.id } }]);
      expect(othersPost).toEqual({ upvotes: 1, score: 1 });
      options.firstRun?.(result.output, { name, title: own.title });
    });

    it('runs again on the saved key (MOLTBOOK_URL): no new agent, no second post, the same single vote', async () => {
      const before = await activity();
      const result = await start(null, { MOLTBOOK_URL: handle.server.url });
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain('using the key saved');
      // A new agent posts once per 2 h: far beyond --max-wait, so it comments on its latest post instead.
      expect(result.output).toMatch(/may post again in \d+ min/);
      const after = await activity();
      expect(after.stats.agents).toBe(before.stats.agents);
      expect(after.agent).toMatchObject({ postCount: 1 });
      expect(after.agent!.comments.nodes).toHaveLength(2);
      expect(after.post).toEqual({ upvotes: 1, score: 1 });
      expect(result.output).not.toContain(JSON.parse(await readFile(keyFile(), 'utf8')).apiKey);
    });

    it('refuses to send a saved key to another server than its own', async () => {
      const foreign = join(dir, 'foreign.json');
      const apiKey = other.apiKey;
      await writeFile(foreign, JSON.stringify({ server: 'https://elsewhere.example', name: other.name, apiKey }), {
        mode: 0o600,
      });
      const before = await activity();
      const result = await start(handle.server.url, {}, foreign);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('holds a key for https://elsewhere.example');
      expect(result.output).not.toContain(apiKey);
      expect(await activity()).toEqual(before);
    });
  });
}
