/**
 * The two databases the integrity SQL must run on: a fresh database on the real PostgreSQL, and an
 * in-memory PGlite (the embedded default), both migrated with the project's migrations.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { applyMigrations } from '../../server/migrate.js';
import { createTestDatabase } from '../support/db.js';

export interface SqlTarget {
  readonly name: string;
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** Runs several statements without parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function postgresTarget(): Promise<SqlTarget> {
  const db = await createTestDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return {
    name: 'PostgreSQL',
    query: async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows as T[],
    exec: async (sql) => void (await client.query(sql)),
    close: async () => {
      await client.end();
      await db.drop();
    },
  };
}

export async function pgliteTarget(): Promise<SqlTarget> {
  const db = await PGlite.create();
  await applyMigrations({ pglite: db });
  return {
    name: 'PGlite',
    query: async <T>(text: string, values: unknown[] = []) => (await db.query<T>(text, values)).rows,
    exec: async (sql) => void (await db.exec(sql)),
    close: () => db.close(),
  };
}

/** For `describe.each`: the target's name, and how to open it. */
export const sqlTargets: [string, () => Promise<SqlTarget>][] = [
  ['PostgreSQL', postgresTarget],
  ['PGlite', pgliteTarget],
];
