/**
 * The two databases the integrity SQL must run on: a fresh, migrated database on the real PostgreSQL,
 * and an in-memory PGlite (the embedded default), migrated when the test needs the project's tables
 * (migrating PGlite takes seconds).
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { applyMigrations } from '../../server/infra/migrate.js';
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

export async function pgliteTarget(migrated: boolean): Promise<SqlTarget> {
  const db = await PGlite.create();
  if (migrated) await applyMigrations({ pglite: db });
  return {
    name: 'PGlite',
    query: async <T>(text: string, values: unknown[] = []) => (await db.query<T>(text, values)).rows,
    exec: async (sql) => void (await db.exec(sql)),
    close: () => db.close(),
  };
}

/** For `describe.each`: each target's name, and how to open it. */
export function sqlTargets(options: { migrated: boolean }): [string, () => Promise<SqlTarget>][] {
  return [
    ['PostgreSQL', postgresTarget],
    ['PGlite', () => pgliteTarget(options.migrated)],
  ];
}

/** The plan of `q` with sequential scans switched off: it must read through indexes only. */
export async function indexOnlyPlan(db: SqlTarget, q: { text: string; values: unknown[] }): Promise<string> {
  await db.exec('SET enable_seqscan = off');
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.text}`, q.values);
  await db.exec('RESET enable_seqscan');
  return plan.map((row) => row['QUERY PLAN']).join('\n');
}
