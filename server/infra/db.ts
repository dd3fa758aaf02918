/**
 * The database. PostgreSQL through `@prisma/adapter-pg` when `DATABASE_URL` is set, embedded PGlite in
 * `DATA_DIR` otherwise; everything above this module runs the same code on both. Each app opens its own
 * {@link Database}; nothing else constructs a Prisma client.
 */
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import type { Config } from '../config.js';
import { applyMigrations } from './migrate.js';
import { lockFolder, tightenTree } from './private-dir.js';

export type { PrismaClient } from '../../generated/prisma/client.js';
export { Prisma } from '../../generated/prisma/client.js';

const TIMESTAMPTZ = 1184;

/**
 * A `timestamptz` as PostgreSQL prints it in UTC (`2026-11-29 22:13:42.123456+00`), read without the
 * driver's regular expressions, to the same instant (the fraction is turned into milliseconds the same
 * way). Any other form (another zone, a year before 1000, infinity, BC) goes to the driver's own parser.
 */
export function parseUtcTimestamp(text: string): Date {
  const n = text.length;
  if (
    n < 22 ||
    text[0] === '0' ||
    text[4] !== '-' ||
    text[10] !== ' ' ||
    text[n - 3] !== '+' ||
    text[n - 2] !== '0' ||
    text[n - 1] !== '0'
  ) {
    return pg.types.getTypeParser(TIMESTAMPTZ)(text) as Date;
  }
  const fraction = n > 22 ? 1000 * parseFloat(text.slice(19, n - 3)) : 0;
  return new Date(
    Date.UTC(
      Number(text.slice(0, 4)),
      Number(text.slice(5, 7)) - 1,
      Number(text.slice(8, 10)),
      Number(text.slice(11, 13)),
      Number(text.slice(14, 16)),
      Number(text.slice(17, 19)),
      fraction,
    ),
  );
}

/** The type parsers of direct reads (the pool's): the driver's, but for `timestamptz` (one per feed row). */
const DIRECT_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ && format !== 'binary'
      ? parseUtcTimestamp
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Which database the server is running on, for logs and `/ready`. */
export type DbKind = 'postgresql' | 'pglite';

/** Opens (creating if needed) the embedded database in `dataDir`, a folder only this user may open. */
export async function openPGlite(dataDir: string): Promise<PGlite> {
  const dir = resolve(dataDir);
  await lockFolder(dir);
  const pglite = await PGlite.create(dir);
  await tightenTree(dir);
  return pglite;
}

/** An open database: its Prisma client, what it is, and how to check and close it. */
export interface Database {
  readonly client: PrismaClient;
  readonly kind: DbKind;
  /** Migrations applied while opening. */
  readonly applied: readonly string[];
  /**
   * Runs one read statement. On PostgreSQL it goes to the driver's pool directly, skipping Prisma's
   * per-statement work (about a tenth of an uncached feed page's CPU, measured with a profiler); on the
   * embedded database, whose one session Prisma's transactions hold, it goes through Prisma. Rows come
   * back as `pg` parses them (timestamps as Date, integers and float8 as numbers, enums and uuids as
   * strings): use it for statements without bigint or numeric columns.
   */
  read<T>(statement: Prisma.Sql): Promise<T[]>;
  /** Statements sent since it was opened (tests count them per request). */
  queryCount(): number;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  /** Disconnects Prisma and closes the pool or the embedded database. */
  close(): Promise<void>;
}

/**
 * Connects, applies pending migrations (serialized across instances by an advisory lock) and returns the
 * open database. `onQuery` is told each statement's duration in seconds.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  onQuery: (seconds: number) => void = () => {},
): Promise<Database> {
  let adapter;
  let pool: pg.Pool | null = null;
  let applied: string[];
  let closeDriver: () => Promise<unknown>;
  const kind: DbKind = config.databaseUrl ? 'postgresql' : 'pglite';
  if (config.databaseUrl) {
    applied = await applyMigrations({ url: config.databaseUrl });
    // Prisma's adapter gives every statement its own type parsers; the pool's are those of direct reads.
    const shared = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      connectionTimeoutMillis: 5000,
      types: DIRECT_TYPES,
    });
    // An idle client losing its connection (database restart) must not crash the process.
    shared.on('error', () => {});
    adapter = new PrismaPg(shared);
    pool = shared;
    closeDriver = () => shared.end();
  } else {
    const pglite = await openPGlite(config.dataDir);
    applied = await applyMigrations({ pglite });
    adapter = new PrismaPGlite(pglite);
    closeDriver = () => pglite.close();
  }
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  let queries = 0;
  client.$on('query', (event) => {
    queries += 1;
    onQuery(event.duration / 1000);
  });
  const direct = pool;
  return {
    client,
    kind,
    applied,
    read: direct
      ? async <T>(statement: Prisma.Sql) => {
          const started = performance.now();
          const { rows } = await direct.query(statement.text, statement.values);
          queries += 1;
          onQuery((performance.now() - started) / 1000);
          return rows as T[];
        }
      : <T>(statement: Prisma.Sql) => client.$queryRaw<T[]>(statement),
    queryCount: () => queries,
    async ping() {
      try {
        await client.$queryRaw`SELECT 1`;
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await client.$disconnect().catch(() => {});
      await closeDriver().catch(() => {});
    },
  };
}
