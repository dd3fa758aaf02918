/**
 * Child processes of the benchmark: the MoltBook server, the baseline servers and the WebSocket swarms,
 * each in its own process, servers pinned to the server CPU (see pinning.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { onCpu, SERVER_CPU } from './pinning.js';
import { sleep } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  url: string;
  pid: number;
  process: ChildProcess;
  output(): string;
  /** Resolves when the output matches `pattern` (counting from `from` characters in), or rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp, from: number, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

export interface SpawnOptions {
  /** The CPU to pin the process to (default: the server CPU). */
  cpu?: number;
  /** Extra Node options, after tsx is loaded for a TypeScript script. `BENCH_NODE_ARGS` is added to every child's. */
  nodeArgs?: string[];
  /** Opens an IPC channel (the swarms). */
  ipc?: boolean;
}

/** Runs `script` (TypeScript through tsx, or JavaScript as it is) with `env` on its CPU. */
export function spawnScript(script: string, env: Record<string, string>, options: SpawnOptions = {}): ChildProcess {
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the children.
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const args = [...extra, ...loader, ...(options.nodeArgs ?? []), script];
  const [command, argv] = onCpu(options.cpu ?? SERVER_CPU, process.execPath, args);
  return spawn(command, argv, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', DEMO: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
}

/** Stops `child` with SIGTERM, then SIGKILL after 10 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await once(child, 'exit');
  clearTimeout(timer);
}

/** Starts a server `script` on a free port, waiting until `readyPath` answers 200. */
export async function startChild(
  script: string,
  env: Record<string, string>,
  options: SpawnOptions & { readyPath?: string } = {},
): Promise<Child> {
  const port = String(await freePort());
  const child = spawnScript(script, { ...env, PORT: port }, options);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}${options.readyPath ?? '/health'}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not start:\n${output}`);
    }
    await sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    process: child,
    output: () => output,
    async waitForOutput(pattern, from, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output.slice(from))) {
        if (Date.now() > deadline) throw new Error(`${script}: no ${pattern} within ${timeoutMs} ms:\n${output}`);
        await sleep(20);
      }
    },
    stop: () => stopProcess(child),
  };
}
