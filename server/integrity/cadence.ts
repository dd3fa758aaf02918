/**
 * Posting cadence: how regularly an agent posts, from its items' timestamps. Autonomous agents often
 * run on a heartbeat (every 4 hours, around the clock); people post in irregular bursts during their
 * waking hours. A label for profiles, not a verdict.
 */
import type { CadenceConfig } from './config.js';

export type Regularity = 'INSUFFICIENT' | 'VERY_REGULAR' | 'REGULAR' | 'IRREGULAR' | 'BURSTY';

export interface Cadence {
  readonly items: number;
  /** Median time between consecutive items, in milliseconds; null with fewer than two items. */
  readonly medianIntervalMs: number | null;
  /** Standard deviation of the intervals over their mean (0: clockwork; above 1: bursts). */
  readonly intervalCv: number | null;
  /** Share of intervals within `nearMedianFraction` of the median. */
  readonly nearMedianShare: number | null;
  /** Shannon entropy of the items' hours of the day (UTC), in bits: 0 (one hour) to 4.58 (all alike). */
  readonly hourEntropyBits: number | null;
  /** The longest run of hours of the day (UTC, wrapping at midnight) without any item. */
  readonly quiet: { readonly fromHour: number; readonly hours: number } | null;
  readonly regularity: Regularity;
  /** For people, e.g. "posts every ~4 h, very regular; around the clock". */
  readonly summary: string;
}

/** "~40 s", "~25 min", "~4 h", "~3 days". */
export function roughDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 89.5) return `~${Math.round(s)} s`;
  if (s < 59.5 * 60) return `~${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `~${Math.round(s / 3600)} h`;
  return `~${Math.round(s / 86_400)} days`;
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function intervalStats(intervals: readonly number[], config: CadenceConfig) {
  const med = median([...intervals].sort((a, b) => a - b));
  const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length;
  const sd = Math.sqrt(intervals.reduce((sum, x) => sum + (x - mean) ** 2, 0) / intervals.length);
  const near = intervals.filter((x) => Math.abs(x - med) <= config.nearMedianFraction * med).length;
  return { median: med, cv: mean > 0 ? sd / mean : 0, nearShare: near / intervals.length };
}

function hourStats(times: readonly number[]) {
  const counts = new Array<number>(24).fill(0);
  for (const t of times) counts[new Date(t).getUTCHours()]! += 1;
  const entropy = counts.reduce((sum, c) => (c ? sum - (c / times.length) * Math.log2(c / times.length) : sum), 0);
  let quiet = { fromHour: 0, hours: 0 };
  for (let from = 0; from < 24; from += 1) {
    if (counts[from] || counts[(from + 23) % 24] === 0) continue; // a quiet run starts after a busy hour
    let hours = 0;
    while (hours < 24 && counts[(from + hours) % 24] === 0) hours += 1;
    if (hours > quiet.hours) quiet = { fromHour: from, hours };
  }
  return { entropy, quiet };
}

const hh = (hour: number): string => `${String(hour % 24).padStart(2, '0')}:00`;

function regularityOf(stats: ReturnType<typeof intervalStats>, config: CadenceConfig): Regularity {
  if (stats.cv <= config.veryRegularCv || stats.nearShare >= config.heartbeatShare) return 'VERY_REGULAR';
  if (stats.cv <= config.regularCv) return 'REGULAR';
  return stats.cv >= config.burstyCv ? 'BURSTY' : 'IRREGULAR';
}

function rhythm(regularity: Regularity, medianMs: number): string {
  switch (regularity) {
    case 'VERY_REGULAR':
      return `posts every ${roughDuration(medianMs)}, very regular`;
    case 'REGULAR':
      return `posts every ${roughDuration(medianMs)}, fairly regular`;
    case 'IRREGULAR':
      return `irregular, typically ${roughDuration(medianMs)} apart`;
    default:
      return 'irregular, human-like bursts';
  }
}

/** The cadence of items posted at `timestamps` (in any order). */
export function cadence(timestamps: readonly (Date | number)[], config: CadenceConfig): Cadence {
  const times = timestamps.map((t) => (typeof t === 'number' ? t : t.getTime())).sort((a, b) => a - b);
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  const stats = intervals.length > 0 ? intervalStats(intervals, config) : null;
  const hours = times.length > 0 ? hourStats(times) : null;
  const measured = {
    items: times.length,
    medianIntervalMs: stats?.median ?? null,
    intervalCv: stats?.cv ?? null,
    nearMedianShare: stats?.nearShare ?? null,
    hourEntropyBits: hours?.entropy ?? null,
    quiet: hours?.quiet ?? null,
  };
  if (!stats || !hours || times.length < config.minItems)
    return { ...measured, regularity: 'INSUFFICIENT', summary: `too few items to tell (${times.length})` };
  const regularity = regularityOf(stats, config);
  const { quiet } = hours;
  const when =
    times.length < config.minItemsForHours
      ? ''
      : quiet.hours < config.quietHours
        ? '; around the clock'
        : `; quiet ${hh(quiet.fromHour)}-${hh(quiet.fromHour + quiet.hours)} UTC`;
  return { ...measured, regularity, summary: rhythm(regularity, stats.median) + when };
}
