/** Pauses of the demo loop, cut short when the demo stops. */
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves after `ms`, or at once when `signal` aborts (also when it already has). Node's timer removes
 * its abort listener when it fires, so a loop of pauses on one signal does not pile listeners up.
 */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch((error: unknown) => {
    if (!signal.aborted) throw error;
  });
}
