/**
 * The hook for the server's response cache. The benchmark reads how many answers came from the cache
 * from a counter on `/metrics`; were the counter absent, the server would have no response cache and
 * every answer would have been computed.
 */
import { metric } from './metrics.js';

/** The counter of answers served from the response cache (every label set is summed). */
export const CACHE_HITS_METRIC = 'moltbook_response_cache_hits_total';

/** Request headers asking to be answered without the response cache (the "uncached" feed variant). */
export const NO_CACHE_HEADERS: Record<string, string> = { 'cache-control': 'no-cache' };

/** Answers served from the response cache so far, or null when the server exports no such counter. */
export const cacheHits = (serverUrl: string) => metric(serverUrl, CACHE_HITS_METRIC);

/** A sentence on how many of `answers` came from the cache, given the counter before and after. */
export function describeCacheHits(before: number | null, after: number | null, answers: number): string {
  if (before === null || after === null)
    return `no ${CACHE_HITS_METRIC} on /metrics: the server has no response cache yet, so every answer was computed`;
  return `${after - before} of ${answers} answers came from the response cache (${CACHE_HITS_METRIC})`;
}
