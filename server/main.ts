/**
 * Entry point: loads config, builds and starts the app, starts the demo agents when `DEMO` is on, and
 * shuts down gracefully on SIGTERM/SIGINT.
 */
import { startDemo, type Demo } from '../demo/demo.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp, type App } from './app.js';

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

let app: App;
let demo: Demo | undefined;
try {
  app = await buildApp(config);
  const { port, metricsPort, db } = await app.start();
  if (config.demo) demo = startDemo(`http://127.0.0.1:${port}`, { dataDir: config.dataDir, log: app.services.log });
  app.services.log.info(
    { port, metricsPort, db, redis: config.redisUrl ? 'redis' : 'in-process' },
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
  const { log } = app.services;
  log.info({ signal }, 'shutting down');
  setTimeout(() => {
    log.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  await demo?.stop();
  await app.stop();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
