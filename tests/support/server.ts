/**
 * Starting the real server for tests, the one way every suite does it: `useTestServer` gives a suite its
 * own migrated database and an in-process app on it; `startServer` builds more apps in the same process
 * (several instances, restarts); `spawnServer` runs `server/main.ts` as a child process (signals,
 * start-up errors, the demo).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { buildApp, type App, type AppOptions } from '../../server/app.js';
import { freePort } from './ports.js';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase } from './db.js';
import { loadConfig } from '../../server/config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface GqlResult<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface GqlOptions {
  key?: string;
  operatorToken?: string;
  headers?: Record<string, string>;
}

/**
 * Options of a read that must see the database as it is now: anonymous answers may come from the
 * response cache, up to `RESPONSE_CACHE_MS` old for changes no live event reports (counts, stats).
 */
export const FRESH: GqlOptions = { headers: { 'cache-control': 'no-cache' } };

/** Longest wait for one request, so that a stuck server fails a test or a benchmark instead of hanging it. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A GraphQL-over-HTTP client for a running server (the tests' and the benchmark's). */
export function client(baseUrl: string) {
  return async function gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options: GqlOptions = {},
  ): Promise<GqlResult<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (options.operatorToken) headers['x-operator-token'] = options.operatorToken;
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await response.json()) as { data?: T; errors?: GqlResult['errors'] };
    return { status: response.status, headers: response.headers, ...body };
  };
}

export interface TestServer {
  app: App;
  url: string;
  port: number;
  /** The port of the `/metrics` listener, null without `METRICS_PORT`. */
  metricsPort: number | null;
  gql: ReturnType<typeof client>;
  stop(): Promise<void>;
}

/**
 * Builds and starts an app in this process with `env` as its environment (PORT defaults to 0, logs to
 * nowhere unless `LOG_LEVEL` and `logDestination` say otherwise; `options.websocket` shortens timings).
 */
export async function startServer(
  env: Record<string, string | undefined>,
  options: AppOptions = {},
): Promise<TestServer> {
  // Near-duplicate refusal is off unless a suite turns it on (tests/integrity/refusal.test.ts): suites
  // repeat their fixture texts on purpose.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    LOG_LEVEL: 'silent',
    DUPLICATE_CHECK: 'off',
    INTEGRITY_SCAN_MS: '0',
    ...env,
  });
  const app = await buildApp(config, options);
  const { port, metricsPort } = await app.start();
  const url = `http://127.0.0.1:${port}`;
  return { app, url, port, metricsPort, gql: client(url), stop: () => app.stop() };
}

export interface ChildServer {
  url: string;
  port: number;
  process: ChildProcess;
  output(): string;
  gql: ReturnType<typeof client>;
  /** Sends a signal and resolves with the exit code. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** How a child server runs: its TypeScript through tsx (the default), or the build `npm start` runs. */
export const FROM_SOURCE = ['--import', 'tsx', 'server/main.ts'];
/**
 * Node's options in production (`npm start`; the benchmark starts MoltBook with them too): stack traces
 * mapped to the TypeScript sources. The bundle's map leaves the sources' text out (`build:server`): with
 * it, every process held another 15 MiB.
 */
export const PRODUCTION_NODE_OPTIONS = ['--enable-source-maps'];
export const COMPILED = [...PRODUCTION_NODE_OPTIONS, 'dist/server/main.js'];

/** Starts the server (`nodeArgs`: {@link FROM_SOURCE} or {@link COMPILED}) and waits until `/health` answers. */
export async function spawnServer(
  env: Record<string, string | undefined>,
  timeoutMs = 120_000,
  nodeArgs = FROM_SOURCE,
): Promise<ChildServer> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, nodeArgs, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      DEMO: 'off',
      LOG_LEVEL: 'info',
      DUPLICATE_CHECK: 'off',
      INTEGRITY_SCAN_MS: '0',
      ...env,
      PORT: port,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port: Number(port),
    process: child,
    output: () => output,
    gql: client(url),
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

/** Runs `server/main.ts` to completion (for configuration errors) and returns its exit code and output. */
export async function runServerToExit(env: Record<string, string | undefined>, timeoutMs = 90_000) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, DEMO: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = await once(child, 'exit');
  clearTimeout(timer);
  return { code: code as number | null, stdout, stderr };
}

export interface TestServerHandle {
  /** The test file's own database (set before the first test). */
  readonly db: Awaited<ReturnType<typeof createTestDatabase>>;
  /** The in-process server on it (set before the first test). */
  readonly server: TestServer;
}

type Env = Record<string, string | undefined>;

/**
 * Gives the enclosing suite its own freshly migrated database and an in-process server on it, started
 * before its first test and stopped (database dropped) after its last. `env` adds to `DATABASE_URL`;
 * pass a function when it depends on something prepared before the server starts (it runs first).
 */
export function useTestServer(env: Env | (() => Env | Promise<Env>) = {}): TestServerHandle {
  const handle = {} as { db: TestServerHandle['db']; server: TestServer };
  beforeAll(async () => {
    const extra = typeof env === 'function' ? await env() : env;
    handle.db = await createTestDatabase();
    handle.server = await startServer({ DATABASE_URL: handle.db.url, ...extra });
  });
  afterAll(async () => {
    await handle.server?.stop();
    await handle.db?.drop();
  });
  return handle;
}

/** Two instances of one deployment and a second deployment, all in this process (see {@link startDeployments}). */
export interface Deployments {
  /** `a` and `b`: one database, one Redis. */
  readonly a: TestServer;
  readonly b: TestServer;
  /** Its own database, the same Redis: shares nothing with `a` and `b`. */
  readonly other: TestServer;
  /** Stops the three apps and drops their databases. */
  stop(): Promise<void>;
}

/**
 * Starts two instances of one deployment (`a`, `b`) and another deployment (`other`) on the Redis at
 * `REDIS_URL` (default the local one); `env` adds to each app's environment.
 */
export async function startDeployments(env: Env = {}): Promise<Deployments> {
  const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const [shared, separate] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const common = { REDIS_URL, ...env };
  const [a, b, other] = await Promise.all([
    startServer({ ...common, DATABASE_URL: shared.url }),
    startServer({ ...common, DATABASE_URL: shared.url }),
    startServer({ ...common, DATABASE_URL: separate.url }),
  ]);
  return {
    a,
    b,
    other,
    async stop() {
      await Promise.all([a, b, other].map((app) => app.stop()));
      await Promise.all([shared.drop(), separate.drop()]);
    },
  };
}
