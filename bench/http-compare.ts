/**
 * An HTTP scenario's measurement: MoltBook and its baseline under the same closed-loop load, warmed up,
 * then in alternating rounds; prints the rounds and returns the figures (medians over rounds).
 */
import { httpRound, type HttpLoad, type HttpRound } from './http-load.js';
import { ratio, table } from './report.js';
import { alternate, type Figure } from './scenario.js';
import { fmt, median } from './stats.js';

/** One side: a label for the tables and its load (the URL and the requests). */
export interface HttpSide {
  label: string;
  load: Omit<HttpLoad, 'connections' | 'seconds' | 'amount'>;
}

export const CONNECTIONS = 32;
const WARMUP_SECONDS = 3;

/**
 * `moltbook` against `baseline`, `rounds` rounds of `seconds` each. `probe` (e.g. a counter of the server)
 * is read after the warm-up and after the rounds, so that the pair covers the measured rounds only.
 */
export async function compareHttp<P = undefined>(
  scenario: string,
  moltbook: HttpSide,
  baseline: HttpSide,
  options: { rounds: number; seconds: number },
  probe?: () => Promise<P>,
): Promise<{ figures: Figure[]; moltbook: HttpRound[]; baseline: HttpRound[]; probes: [P?, P?] }> {
  const round = (side: HttpSide, seconds: number) => () =>
    httpRound({ ...side.load, connections: CONNECTIONS, seconds });
  // The first seconds of a Node server are slower (JIT, caches): warm both up before measuring.
  await round(moltbook, WARMUP_SECONDS)();
  await round(baseline, WARMUP_SECONDS)();
  const before = await probe?.();
  const [a, b] = await alternate(options.rounds, round(moltbook, options.seconds), round(baseline, options.seconds));
  const after = await probe?.();
  const figures = reportRounds(scenario, 'req/s', [moltbook.label, a], [baseline.label, b]);
  return { moltbook: a, baseline: b, probes: [before, after], figures };
}

/**
 * Prints the rounds of both sides (throughput in `unit`, medians over rounds, the median of the rounds'
 * p99s) and returns the figures for the final table; the baseline's label names it there.
 */
export function reportRounds(
  scenario: string,
  unit: string,
  moltbook: [string, HttpRound[]],
  baseline: [string, HttpRound[]],
): Figure[] {
  const medians = (f: (r: HttpRound) => number) => [median(moltbook[1].map(f)), median(baseline[1].map(f))] as const;
  const perSecond = medians((r) => r.perSecond);
  const p50 = medians((r) => r.p50);
  const p99 = medians((r) => r.p99);
  const headers = ['', 'answers', 'errors', `${unit} (median)`, 'every round', 'p50 ms (median)', 'p99 ms (median)'];
  const rows = [moltbook, baseline].map(([label, rounds], i) => [
    label,
    fmt(rounds.reduce((n, r) => n + r.answers, 0)),
    fmt(rounds.reduce((n, r) => n + r.errors, 0)),
    fmt(perSecond[i]!),
    rounds.map((r) => fmt(r.perSecond)).join(', '),
    fmt(p50[i]!, 1),
    fmt(p99[i]!, 1),
  ]);
  console.log(table(headers, rows));
  console.log(`\nThroughput ratio MoltBook / baseline: **${ratio(...perSecond)}**; p99 ratio: ${ratio(...p99)}\n`);
  const versus = baseline[0];
  return [
    {
      scenario,
      measure: `${unit}, median of ${moltbook[1].length} rounds`,
      moltbook: perSecond[0],
      versus,
      baseline: perSecond[1],
    },
    { scenario, measure: 'p99 ms, median of the rounds p99s', moltbook: p99[0], versus, baseline: p99[1], digits: 1 },
  ];
}
