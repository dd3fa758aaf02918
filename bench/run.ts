/**
 * `npm run bench`: MoltBook against baselines measured in the same run, on this machine, every part
 * bounded in count and time, loopback only. Starts the MoltBook server (a child process) on a fresh
 * PostgreSQL database and Redis; prints each scenario's details, then one table of every figure beside
 * its baseline.
 *
 *   npm run bench                                   every scenario (about 10 minutes)
 *   npm run bench -- --only feed,writes             some of them (names: see bench/registry.ts)
 *   npm run bench -- --only fanout --subscribers 5000
 *
 * Options: --only a,b (default: all), --rounds R (measured rounds per side, alternating; medians are
 * reported; default 3), --seconds S (length of an HTTP load round, default 5), --subscribers N (the
 * `fanout` scenario, 1..10000, default 10000), --redis URL (default redis://127.0.0.1:6379).
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createTestDatabase } from '../tests/support/db.js';
import { Bench } from './bench.js';
import { describePinning, pinSelf } from './pinning.js';
import { scenarios } from './registry.js';
import { againstHello, summaryTable } from './report.js';
import type { Figure, Remark } from './scenario.js';
import { fmt } from './stats.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: scenarios.map((s) => s.name).join(',') },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    subscribers: { type: 'string', default: '10000' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const clamp = (value: string | undefined, min: number, max: number) => Math.min(max, Math.max(min, Number(value)));
const names = values.only!.split(',').map((n) => n.trim());
const unknown = names.filter((n) => !scenarios.some((s) => s.name === n));
if (unknown.length) {
  console.error(`Unknown scenario(s): ${unknown.join(', ')}. Known: ${scenarios.map((s) => s.name).join(', ')}.`);
  process.exit(2);
}
const selected = scenarios.filter((s) => names.includes(s.name));

pinSelf();
const db = await createTestDatabase();
const bench = new Bench(
  {
    rounds: clamp(values.rounds, 1, 10),
    seconds: clamp(values.seconds, 1, 60),
    subscribers: clamp(values.subscribers, 1, 10_000),
    redisUrl: values.redis!,
  },
  db.url,
);

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

const machine =
  `Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30)} GiB, ` +
  `Node ${process.version}, PostgreSQL ${await postgresVersion()}; ${new Date().toISOString().slice(0, 10)}.`;
const setup =
  `Setup: ${describePinning()}; PostgreSQL and Redis unpinned on the same machine; loopback; ` +
  `${bench.options.rounds} measured rounds per side, alternating MoltBook and baseline.`;
console.log(`# MoltBook benchmark\n\n${machine}\n${setup}\n`);

const lines: (Figure | Remark)[] = [];
const started = Date.now();
try {
  for (const scenario of selected) {
    console.log(`## ${scenario.name}: ${scenario.title}\n`);
    const t0 = Date.now();
    try {
      lines.push(...(await scenario.run(bench)));
    } catch (error) {
      console.log(`FAILED: ${(error as Error).stack ?? error}\n`);
      lines.push({ scenario: scenario.name, remark: `FAILED: ${(error as Error).message.split('\n')[0]}` });
    }
    console.log(`(${scenario.name}: ${fmt((Date.now() - t0) / 1000)} s)\n`);
  }
  lines.push(...againstHello(lines));
} finally {
  await bench.dispose();
  await db.drop();
}
console.log(`## Summary: MoltBook beside its baseline from the same run\n\n${machine}\n${setup}\n`);
console.log(summaryTable(lines));
console.log(`\nRatios are MoltBook / baseline. Whole run: ${fmt((Date.now() - started) / 1000)} s.`);
process.exit(lines.some((l) => 'remark' in l && l.remark.startsWith('FAILED')) ? 1 : 0);
