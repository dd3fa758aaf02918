/**
 * Where the benchmark's processes run. Servers (MoltBook and every baseline) run on one CPU and the load
 * generators (this process, autocannon in it, the WebSocket swarms) on another, with `taskset`, so that
 * the load generator does not take CPU from the server it measures. Without `taskset` or with a single
 * CPU, nothing is pinned and the header of the output says so.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** The CPU of the servers under test. */
export const SERVER_CPU = 1;
/** The CPU of the load generators. */
export const LOAD_CPU = 0;

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** True when processes are pinned (taskset present and at least two CPUs). */
export const pinned = availableParallelism() >= 2 && hasTaskset();

/** The command line running `command args` on `cpu` (unchanged when nothing is pinned). */
export function onCpu(cpu: number, command: string, args: string[]): [string, string[]] {
  return pinned ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args];
}

/** Pins this process, every thread of it, and so everything it starts later, to the load generator's CPU. */
export function pinSelf(): void {
  if (pinned) execFileSync('taskset', ['-a', '-cp', String(LOAD_CPU), String(process.pid)], { stdio: 'ignore' });
}

/** One line on where things run, for the header of the output. */
export function describePinning(): string {
  return pinned
    ? `servers pinned to CPU ${SERVER_CPU} (taskset -c ${SERVER_CPU}); load generators (this process with ` +
        `autocannon, and the WebSocket swarm processes) pinned to CPU ${LOAD_CPU} (taskset -c ${LOAD_CPU})`
    : 'nothing pinned (taskset missing or a single CPU): servers and load generators share the CPUs';
}
