/**
 * What every scenario is given: the options, the MoltBook server the scenarios share (started on first
 * use, on the benchmark's database), a pool of verified agents on it, and child processes and
 * databases that are all cleaned up at the end, whatever happens.
 */
import type { TestAgent } from '../tests/support/agents.js';
import { createTestDatabase } from '../tests/support/db.js';
import { client, PRODUCTION_NODE_OPTIONS } from '../tests/support/server.js';
import { verifiedAgents, type Gql } from './api.js';
import { buildBaseline, buildMoltbook } from './build.js';
import { startChild, type Child, type SpawnOptions } from './processes.js';
import { Swarm } from './swarm.js';

export interface BenchOptions {
  /** Measured rounds per side. */
  rounds: number;
  /** Length of one HTTP load round, in seconds. */
  seconds: number;
  /** Subscribers of the `fanout` scenario. */
  subscribers: number;
  redisUrl: string;
}

export class Bench {
  private shared: Promise<{ server: Child; gql: Gql }> | null = null;
  private readonly pool: TestAgent[] = [];
  private readonly cleanups: (() => Promise<unknown>)[] = [];

  constructor(
    readonly options: BenchOptions,
    /** The database of the shared server. */
    readonly databaseUrl: string,
  ) {}

  /** The file a MoltBook server runs: the production build, made once per run. */
  readonly moltbookEntry = buildMoltbook();

  /** The environment of a MoltBook server under benchmark (no rate limits, no GraphiQL, no demo). */
  moltbookEnv(databaseUrl = this.databaseUrl): Record<string, string> {
    return { DATABASE_URL: databaseUrl, REDIS_URL: this.options.redisUrl, RATE_LIMITS: 'off', GRAPHIQL: 'off' };
  }

  /** The shared MoltBook server and a client of its API. */
  moltbook(): Promise<{ server: Child; gql: Gql }> {
    this.shared ??= this.startMoltbook(this.moltbookEnv()).then((server) => ({
      server,
      gql: client(server.url),
    }));
    return this.shared;
  }

  /** `count` verified agents of the shared server: the same first ones for every scenario that asks. */
  async agents(count: number): Promise<TestAgent[]> {
    const { gql } = await this.moltbook();
    if (this.pool.length < count) this.pool.push(...(await verifiedAgents(gql, count - this.pool.length)));
    return this.pool.slice(0, count);
  }

  /**
   * Starts a server `script` (stopped at the end if still running), as production runs one: a baseline
   * written in TypeScript is bundled first (bench/build.ts), and every server gets NODE_ENV=production.
   */
  async start(script: string, env: Record<string, string>, options?: SpawnOptions): Promise<Child> {
    const entry = script.endsWith('.ts') ? buildBaseline(script) : script;
    const child = await startChild(entry, { NODE_ENV: 'production', ...env }, options);
    this.cleanups.push(() => child.stop());
    return child;
  }

  /** Starts a MoltBook server with `env` as `npm start` runs it, with Node's `extraOptions` besides. */
  startMoltbook(env: Record<string, string>, extraOptions: string[] = []): Promise<Child> {
    return this.start(this.moltbookEntry, env, { nodeArgs: [...PRODUCTION_NODE_OPTIONS, ...extraOptions] });
  }

  /** A swarm process of WebSocket subscribers (stopped at the end). */
  async swarm(): Promise<Swarm> {
    const swarm = await Swarm.start();
    this.cleanups.push(() => swarm.stop());
    return swarm;
  }

  /** A new, migrated, empty database (dropped at the end). */
  async database(): Promise<string> {
    const db = await createTestDatabase();
    this.cleanups.push(() => db.drop());
    return db.url;
  }

  /** Runs `cleanup` at the end. */
  defer(cleanup: () => Promise<unknown>): void {
    this.cleanups.push(cleanup);
  }

  /** Stops every process, then drops the databases (in reverse order of creation). */
  async dispose(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
