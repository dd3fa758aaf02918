/**
 * Real PostgreSQL for tests. The global setup migrates a template database once per set of
 * migrations; each test file then gets its own copy (`CREATE DATABASE ... TEMPLATE`), so files run in
 * parallel and every file starts from a freshly migrated, empty database.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { applyMigrations, prismaDir } from '../../server/infra/migrate.js';

/** The server tests run against: `DATABASE_URL`, or the local PostgreSQL of the project's machines. */
export const ADMIN_URL = process.env.DATABASE_URL || 'postgresql://root@127.0.0.1:5432/test';

export function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  const dir = join(prismaDir, 'migrations');
  for (const name of (await readdir(dir)).sort()) {
    if (name.endsWith('.toml')) continue;
    hash.update(name).update(await readFile(join(dir, name, 'migration.sql')));
  }
  return hash.digest('hex').slice(0, 12);
}

/** Name of the migrated template database for the current migrations, creating it if needed. */
export async function ensureTemplate(): Promise<string> {
  const name = `mb_template_${await migrationsHash()}`;
  await admin(async (client) => {
    // Serialize with concurrent test runs that may be building the same template.
    await client.query('SELECT pg_advisory_lock(7265728122)');
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      const building = `${name}_building_${randomBytes(3).toString('hex')}`;
      await client.query(`CREATE DATABASE "${building}"`);
      await applyMigrations({ url: urlFor(building) });
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(7265728122)');
    }
  });
  return name;
}

/** A new database, migrated and empty, for one test file. Returns its URL and a way to drop it. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const template = await ensureTemplate();
  const name = `mb_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    url: urlFor(name),
    name,
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/** An empty database with no migrations applied (to test migrating at start). */
export async function createEmptyDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `mb_e_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: urlFor(name),
    name,
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/** Runs SQL on a test database directly (to check what was written, never to set up behaviour). */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
