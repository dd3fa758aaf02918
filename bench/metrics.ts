/** Reading the MoltBook server's Prometheus metrics (`GET /metrics`). */
import { sleep } from './stats.js';

/** The value of metric `name` summed over its label sets, or null when the server does not export it. */
export async function metric(serverUrl: string, name: string): Promise<number | null> {
  const text = await (await fetch(`${serverUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const pattern = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm');
  let total: number | null = null;
  for (const match of text.matchAll(pattern)) total = (total ?? 0) + Number(match[1]);
  return total;
}

/** Waits until metric `name` equals `value`; throws after `timeoutMs`. */
export async function metricReaches(serverUrl: string, name: string, value: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await metric(serverUrl, name);
    if (now === value) return;
    if (Date.now() > deadline) throw new Error(`${name} is ${now}, not ${value}, after ${timeoutMs} ms`);
    await sleep(100);
  }
}
