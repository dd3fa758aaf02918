/**
 * What a benchmark scenario is: a name for `--only`, a function that measures MoltBook and its
 * baseline in the same run and returns its figures for the final table. Scenarios live in
 * bench/scenarios/, one file each, and are listed in bench/registry.ts.
 */
import type { Bench } from './bench.js';
import { sleep } from './stats.js';

/** One line of the final table: a MoltBook figure beside its baseline's, from the same run. */
export interface Figure {
  scenario: string;
  /** What is measured, with its unit and how rounds are combined. */
  measure: string;
  moltbook: number;
  /** What the baseline is, in a few words. */
  versus: string;
  baseline: number;
  /** Decimals to print (default 0). */
  digits?: number;
}

/** A line of the final table that holds a remark instead of figures. */
export interface Remark {
  scenario: string;
  remark: string;
}

export interface Scenario {
  /** The name `--only` selects it by. */
  name: string;
  /** One line saying what it measures against what. */
  title: string;
  run(bench: Bench): Promise<(Figure | Remark)[]>;
}

/**
 * Runs `rounds` measured rounds of each side, alternating A, B, A, B... with a short pause between
 * rounds, so that a slow patch of this shared machine falls on both sides alike.
 */
export async function alternate<A, B>(rounds: number, a: () => Promise<A>, b: () => Promise<B>): Promise<[A[], B[]]> {
  const as: A[] = [];
  const bs: B[] = [];
  for (let i = 0; i < rounds; i += 1) {
    as.push(await a());
    await sleep(300);
    bs.push(await b());
    await sleep(300);
  }
  return [as, bs];
}
