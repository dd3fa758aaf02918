import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmptyDatabase, sql } from '../support/db.js';
import { runServerToExit, spawnServer } from '../support/server.js';

describe('starting the server', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ GRAPHIQL: 'maybe' }, 'GRAPHIQL'],
    [{ LIVE_COUNTS_MS: '5' }, 'LIVE_COUNTS_MS'],
    [{ TRUSTED_AGENT_ISSUERS: '{"x":1}' }, 'TRUSTED_AGENT_ISSUERS'],
    [{ PUBLIC_URL: 'moltbook.example/app' }, 'PUBLIC_URL'],
  ])('refuses bad configuration %j with one line naming %s', async (env, variable) => {
    const { code, stderr, stdout } = await runServerToExit(env);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(stderr + stdout).not.toMatch(/\n\s+at /);
  });

  it('migrates an empty PostgreSQL database at start, with two instances starting at once', async () => {
    const db = await createEmptyDatabase();
    try {
      const [a, b] = await Promise.all([spawnServer({ DATABASE_URL: db.url }), spawnServer({ DATABASE_URL: db.url })]);
      for (const server of [a, b]) {
        expect((await server.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
      }
      const applied = await sql(db.url, 'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL');
      expect(applied.length).toBeGreaterThan(0);
      expect(new Set(applied.map((r) => r.migration_name)).size).toBe(applied.length);
      expect(await a.kill()).toBe(0);
      expect(await b.kill()).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it('runs on embedded PGlite with no DATABASE_URL and keeps its data across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'moltbook-'));
    try {
      const first = await spawnServer({ DATA_DIR: dataDir });
      expect((await first.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
      expect(await (await fetch(`${first.url}/ready`)).json()).toMatchObject({ database: 'pglite', redis: 'embedded' });
      expect(first.output()).toContain('applied database migrations');
      expect(await first.kill()).toBe(0);

      const second = await spawnServer({ DATA_DIR: dataDir });
      expect((await second.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
      // The database on disk was kept: nothing left to migrate the second time.
      expect(second.output()).not.toContain('applied database migrations');
      expect(await second.kill()).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    // Two starts of the embedded engine (the first one migrating): a bound for a stuck process on a busy
    // two-core machine, not a speed claim.
  }, 300_000);
});
