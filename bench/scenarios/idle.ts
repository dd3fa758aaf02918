/**
 * Idle memory: the resident memory of a MoltBook server just started (connected to PostgreSQL and Redis,
 * nothing asked of it yet) against a minimal yoga `{ hello }` server, both read after a full GC. Each
 * round starts a fresh process of each.
 */
import type { Child } from '../processes.js';
import { ratio, table } from '../report.js';
import { alternate, type Scenario } from '../scenario.js';
import { fmt, median, rssMiB, sleep } from '../stats.js';

/** Node options of the measured processes: a GC on SIGUSR2 (see gc-preload.mjs). */
const GC_ARGS = ['--expose-gc', '--import', './bench/gc-preload.mjs'];

/** Starts `script`, lets it settle, runs a full GC in it, and returns its RSS in MiB. */
async function idleRss(start: (nodeArgs: string[]) => Promise<Child>): Promise<number> {
  const child = await start(GC_ARGS);
  try {
    await sleep(1000);
    const from = child.output().length;
    child.process.kill('SIGUSR2');
    await child.waitForOutput(/gc done/, from, 10_000);
    await sleep(200);
    return rssMiB(child.pid);
  } finally {
    await child.stop();
  }
}

export const idle: Scenario = {
  name: 'idle',
  title: 'idle server memory after start and a full GC, against a minimal yoga { hello } server',
  async run(bench) {
    const env = bench.moltbookEnv(await bench.database());
    const [a, b] = await alternate(
      bench.options.rounds,
      () => idleRss((nodeArgs) => bench.startMoltbook(env, nodeArgs)),
      () => idleRss((nodeArgs) => bench.start('bench/hello-server.ts', {}, { nodeArgs })),
    );
    const rss = [median(a), median(b)] as const;
    console.log(
      table(
        ['', 'RSS MiB (median)', 'every round'],
        [
          ['MoltBook (PostgreSQL and Redis connected)', fmt(rss[0]), a.map((x) => fmt(x)).join(', ')],
          ['minimal yoga { hello }', fmt(rss[1]), b.map((x) => fmt(x)).join(', ')],
        ],
      ),
    );
    console.log(`\nIdle RSS ratio: **${ratio(...rss)}**\n`);
    return [
      {
        scenario: 'idle',
        measure: `server RSS MiB after start and GC, median of ${bench.options.rounds} starts`,
        moltbook: rss[0],
        versus: 'minimal yoga { hello }',
        baseline: rss[1],
      },
    ];
  },
};
