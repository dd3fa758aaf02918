/** Printing: aligned Markdown tables (readable in a terminal, pasted as they are into the README). */
import type { Figure, Remark } from './scenario.js';
import { fmt } from './stats.js';

/** A Markdown table whose columns are padded to a common width. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `moltbook / baseline` as `0.42x`. */
/** MoltBook / baseline as `1.23x`; `n/a` where the baseline is zero (nothing to divide by). */
export const ratio = (moltbook: number, baseline: number) =>
  baseline === 0 ? 'n/a' : `${fmt(moltbook / baseline, 2)}x`;

/** The final table: every figure beside its baseline from the same run, and their ratio; then the remarks. */
export function summaryTable(lines: (Figure | Remark)[]): string {
  const figures = lines.filter((l): l is Figure => !('remark' in l));
  const remarks = lines.filter((l): l is Remark => 'remark' in l);
  const rows = figures.map((f) => [
    f.scenario,
    f.measure,
    fmt(f.moltbook, f.digits),
    f.versus,
    fmt(f.baseline, f.digits),
    ratio(f.moltbook, f.baseline),
  ]);
  const header = ['scenario', 'measure', 'MoltBook', 'baseline', 'baseline value', 'MoltBook / baseline'];
  const notes = remarks.map((r) => `- ${r.scenario}: ${r.remark}`).join('\n');
  return [rows.length ? table(header, rows) : '', notes].filter(Boolean).join('\n\n');
}

/**
 * The feed's throughput against yoga `{ hello }` (the issue's yardstick), when the same run measured both:
 * the `typename` scenario's baseline beside the `feed` and `feed-cache` scenarios' MoltBook figures.
 */
export function againstHello(lines: (Figure | Remark)[]): Figure[] {
  const figures = lines.filter((line): line is Figure => 'measure' in line && line.measure.startsWith('req/s'));
  const hello = figures.find((figure) => figure.scenario === 'typename');
  if (!hello) return [];
  return figures
    .filter((figure) => figure.scenario === 'feed' || figure.scenario === 'feed-cache')
    .map((figure) => ({
      ...figure,
      measure: `${figure.measure}, against the typename scenario's baseline`,
      versus: hello.versus,
      baseline: hello.baseline,
    }));
}
