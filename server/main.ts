/** Entry point: loads config, starts the app, and shuts down gracefully on SIGTERM/SIGINT. */
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { configureLogger } from './infra/log.js';

/** Hard limit for a graceful shutdown; past it the process exits anyway. */
const SHUTDOWN_GRACE_MS = 9000;

function fail(message: string): never {
  process.stderr.write(`moltbook: ${message}\n`);
  process.exit(1);
}

/** Names the variable most likely at fault when start-up fails. */
function startupSuspect(error: unknown): string {
  const text = String((error as { stack?: string }).stack ?? error);
  if (config.redisUrl && /ioredis|redis/i.test(text)) return 'REDIS_URL';
  if ((error as { code?: string }).code === 'EADDRINUSE') return 'PORT';
  return config.databaseUrl ? 'DATABASE_URL' : 'DATA_DIR';
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const log = configureLogger(config.logLevel);
const app = buildApp(config);

try {
  const { port, db } = await app.start();
  log.info(
    { port, db, redis: config.redisUrl ? 'redis' : 'in-process' },
    `MoltBook listening on http://localhost:${port}/`,
  );
} catch (error) {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
  fail(`cannot start: ${reason} (check ${startupSuspect(error)})`);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  setTimeout(() => {
    log.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  await app.stop();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
