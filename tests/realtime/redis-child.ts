/**
 * A Redis server of the test's own, on a free port, that the test may kill and restart (the shared
 * Redis on 6379 is never touched).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../support/ports.js';

export interface RedisChild {
  url: string;
  /** Starts (or restarts) the server on the same port; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

export async function redisChild(): Promise<RedisChild> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const handle: RedisChild = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout!.on('data', (d) => (output += d));
      const deadline = Date.now() + 10_000;
      while (!output.includes('Ready to accept connections')) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      running.kill('SIGKILL');
      await once(running, 'exit');
    },
  };
  await handle.start();
  return handle;
}
