/**
 * Migrations through Prisma's WebAssembly schema engine, so that no native engine binary (which the
 * stock CLI would download) is ever needed. The on-disk layout is Prisma's own:
 * `prisma/migrations/<timestamp>_<name>/migration.sql` plus `migration_lock.toml`, recorded in the
 * `_prisma_migrations` table exactly as `prisma migrate deploy` would.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where `schema.prisma` and `migrations/` live. */
export const prismaDir = join(root, 'prisma');
const migrationsDir = join(prismaDir, 'migrations');
const noFilters = { externalTables: [], externalEnums: [] };
/** `pg_advisory_lock` key held while migrating, so that instances starting together take turns. */
const MIGRATION_LOCK_KEY = 7_265_728_121;

let engineModule: Promise<typeof import('@prisma/schema-engine-wasm/schema_engine_bg')> | undefined;

/**
 * `@prisma/adapter-pg` runs a migration script by splitting it on every `;`, which breaks function
 * bodies (`$$ ... ; ... $$`). PostgreSQL's simple query protocol takes the whole script at once and runs
 * it as one implicit transaction, so a migration applies completely or not at all.
 */
class WholeScriptPrismaPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const internals = adapter as unknown as { client: pg.Pool; onError(e: unknown): never };
    adapter.executeScript = async (script: string) => {
      try {
        await internals.client.query(script);
      } catch (error) {
        internals.onError(error);
      }
    };
    return adapter;
  }
}

/** Instantiates the WASM engine once per process (the package does not expose its `.wasm` to ESM). */
function loadEngineModule() {
  engineModule ??= (async () => {
    const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const require = createRequire(import.meta.url);
    const wasmPath = join(
      dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as Record<string, unknown> & { __wbindgen_start(): void };
    (bindings as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bindings;
  })();
  return engineModule;
}

async function openEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = await readSchema();
  return SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    (line: string) => log(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}

/** The text of `prisma/schema.prisma`. */
export function readSchema(): Promise<string> {
  return readFile(join(prismaDir, 'schema.prisma'), 'utf8');
}

/** Reads `prisma/migrations` into the engine's `MigrationList`. */
export async function readMigrations(): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: await readFile(lockPath, 'utf8').catch(() => null),
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (path) => ({
        path,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(join(migrationsDir, path, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

/** The migrations a database records as applied, with the SHA-256 of the script each one ran. */
const APPLIED_SQL = `SELECT migration_name AS name, checksum FROM _prisma_migrations
  WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/**
 * True when the database records every migration of `list` as applied from the same script. Then the
 * schema engine (WebAssembly, about 35 MB resident for the rest of the process) is not even loaded: the
 * usual start of an instance on a migrated database. Anything else (a new migration, an edited one, no
 * table yet) goes to the engine, which applies or reports it.
 */
function allApplied(list: MigrationList, applied: { name: string; checksum: string }[]): boolean {
  const recorded = new Map(applied.map((row) => [row.name, row.checksum]));
  return list.migrationDirectories.every(({ path, migrationFile }) => {
    const script = migrationFile.content.tag === 'ok' ? migrationFile.content.value : null;
    return script !== null && recorded.get(path) === createHash('sha256').update(script).digest('hex');
  });
}

/** A database to migrate: an open PGlite instance or a PostgreSQL URL. */
export type MigrationTarget = { pglite: PGlite } | { url: string };

/**
 * Applies every pending migration and returns the names applied. On PostgreSQL a session-level
 * advisory lock serializes instances that start at the same moment: the second waits, then finds
 * nothing left to apply.
 */
export async function applyMigrations(target: MigrationTarget): Promise<string[]> {
  const list = await readMigrations();
  const noTable = () => ({ rows: [] });
  if ('pglite' in target) {
    const recorded = await target.pglite.query<{ name: string; checksum: string }>(APPLIED_SQL).catch(noTable);
    if (allApplied(list, recorded.rows)) return [];
    const engine = await openEngine(new PrismaPGlite(target.pglite));
    try {
      return (await engine.applyMigrations({ migrationsList: list, filters: noFilters })).appliedMigrationNames;
    } finally {
      engine.free();
    }
  }
  const lock = new pg.Client({ connectionString: target.url });
  await lock.connect();
  try {
    if (allApplied(list, (await lock.query(APPLIED_SQL).catch(noTable)).rows)) return [];
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const pool = new pg.Pool({ connectionString: target.url, max: 2 });
    const engine = await openEngine(new WholeScriptPrismaPg(pool));
    try {
      return (await engine.applyMigrations({ migrationsList: list, filters: noFilters })).appliedMigrationNames;
    } finally {
      engine.free();
      await pool.end();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await lock.end();
  }
}

/**
 * The SQL that would take a database built from the migrations to `schema.prisma`; empty when they
 * agree. Computed on throwaway in-memory PGlite databases (the engine's shadow database).
 */
export async function diffMigrationsToSchema(): Promise<string> {
  const db = await PGlite.create();
  const engine = await openEngine(new PrismaPGlite(db));
  try {
    const result = await engine.diff({
      from: { tag: 'migrations', ...(await readMigrations()) },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: await readSchema() }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return stripEmpty(result.stdout ?? '');
  } finally {
    engine.free();
    await db.close();
  }
}

function stripEmpty(sql: string): string {
  return sql
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('-- This is an empty migration'))
    .join('\n')
    .trim();
}

/** Writes a new migration holding the difference between the migrations and `schema.prisma`. */
export async function createMigration(name: string): Promise<string | null> {
  if (!/^[a-z0-9_]{1,60}$/.test(name)) {
    throw new Error('A migration name is 1-60 of lowercase letters, digits and underscores.');
  }
  const sql = await diffMigrationsToSchema();
  if (sql === '') return null;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = join(migrationsDir, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'migration.sql'), `${sql}\n`);
  return dir;
}
