/**
 * `npm run db:migrate` applies pending migrations to `DATABASE_URL` (or the embedded database in
 * `DATA_DIR`); `npm run db:migration -- <name>` writes a new migration from a schema change;
 * `npm run db:drift` exits 1 when `schema.prisma` and the migrations disagree.
 */
import { loadConfig } from '../server/config.js';
import { applyMigrations, createMigration, diffMigrationsToSchema } from '../server/infra/migrate.js';
import { openPGlite } from '../server/infra/db.js';

const [command, name] = process.argv.slice(2);

async function main(): Promise<number> {
  switch (command) {
    case 'migrate': {
      const config = loadConfig();
      if (config.databaseUrl) {
        const applied = await applyMigrations({ url: config.databaseUrl });
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } else {
        const pglite = await openPGlite(config.dataDir);
        const applied = await applyMigrations({ pglite });
        await pglite.close();
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Embedded database is up to date.');
      }
      return 0;
    }
    case 'migration': {
      if (!name) {
        console.error('Usage: npm run db:migration -- <name>');
        return 2;
      }
      const dir = await createMigration(name);
      console.log(dir ? `Wrote ${dir}/migration.sql` : 'schema.prisma matches the migrations: nothing to write.');
      return 0;
    }
    case 'drift': {
      const sql = await diffMigrationsToSchema();
      if (sql) {
        console.error(`schema.prisma and prisma/migrations disagree:\n${sql}`);
        return 1;
      }
      console.log('schema.prisma matches the migrations.');
      return 0;
    }
    default:
      console.error('Usage: tsx prisma/cli.ts migrate | migration <name> | drift');
      return 2;
  }
}

process.exitCode = await main();
