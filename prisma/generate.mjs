// Generates the Prisma client and the Pothos Prisma types offline. `prisma generate` only checks that
// a schema engine binary exists (it never runs it), so any existing file satisfies it; pointing it at
// Node itself stops the CLI from trying to download the native engine.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', 'prisma/schema.prisma'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    PRISMA_GENERATE_NO_ENGINE: '1',
  },
});
process.exit(result.status ?? 1);
