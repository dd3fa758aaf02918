/**
 * The one Prisma client. PostgreSQL through `@prisma/adapter-pg` when `DATABASE_URL` is set, embedded
 * PGlite in `DATA_DIR` otherwise; everything above this module runs the same code on both.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.js';
import type { Config } from '../config.js';
import { applyMigrations } from './migrate.js';

export type { PrismaClient } from '../../generated/prisma/client.js';
export { Prisma } from '../../generated/prisma/client.js';

/** The database, set by {@link connectDb}. Resolvers import it; it is never put on the context. */
export let prisma: PrismaClient;
let closeDriver: () => Promise<void> = async () => {};
let queries = 0;

/** Statements sent to the database since the process started (tests count them per request). */
export function queryCount(): number {
  return queries;
}

/** Opens (creating if needed) the embedded database in `dataDir`. */
export async function openPGlite(dataDir: string): Promise<PGlite> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  return PGlite.create(dir);
}

/** Which database the server is running on, for logs and `/ready`. */
export type DbKind = 'postgresql' | 'pglite';

/**
 * Connects, applies pending migrations (serialized across instances by an advisory lock) and sets
 * {@link prisma}. Returns what was applied.
 */
export async function connectDb(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<{ kind: DbKind; applied: string[] }> {
  let adapter;
  let applied: string[];
  let kind: DbKind;
  if (config.databaseUrl) {
    kind = 'postgresql';
    applied = await applyMigrations({ url: config.databaseUrl });
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on('error', () => {});
    adapter = new PrismaPg(pool);
    closeDriver = () => pool.end();
  } else {
    kind = 'pglite';
    const pglite = await openPGlite(config.dataDir);
    applied = await applyMigrations({ pglite });
    adapter = new PrismaPGlite(pglite);
    closeDriver = () => pglite.close();
  }
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', () => {
    queries += 1;
  });
  prisma = client;
  return { kind, applied };
}

/** True when the database answers a trivial query. */
export async function pingDb(): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

/** Disconnects Prisma and closes the pool or the embedded database. */
export async function disconnectDb(): Promise<void> {
  if (!prisma) return;
  await prisma.$disconnect().catch(() => {});
  await closeDriver().catch(() => {});
}
