/**
 * `npm run bench`: MoltBook against raw baselines on this machine, every part bounded in count and time,
 * loopback only. Starts the server (child process) on a fresh PostgreSQL database and Redis.
 *
 *   npm run bench -- --subscribers 1000 --posts 40              fan-out: a burst of 40 posts to 1,000
 *   npm run bench -- --subscribers 10000 --posts 25 --rate 5    fan-out: 10,000 subscribers at 5 posts/s
 *   npm run bench -- --only feed,votes                          the feed query and votes only
 *
 * Options: --subscribers N (1..10000, default 1000), --posts K (default 40), --rate R (posts/s; default:
 * a burst), --only fanout,feed,votes (default all), --seconds S (feed load duration, default 8),
 * --redis URL (default redis://127.0.0.1:6379), --repeat R (measured rounds per side, the median is
 * reported; default 3 for a burst, 1 at a rate).
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '../tests/support/db.js';
import { gqlClient, verifiedAgents } from './api.js';
import { moltbookFanout, rawFanout, type FanoutResult } from './fanout.js';
import { feedBench } from './feed.js';
import { startChild, type Child } from './processes.js';
import { fmt } from './stats.js';
import { votesBench } from './votes.js';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    posts: { type: 'string', default: '40' },
    rate: { type: 'string' },
    only: { type: 'string', default: 'fanout,feed,votes' },
    seconds: { type: 'string', default: '8' },
    repeat: { type: 'string' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const subscribers = Math.min(10_000, Math.max(1, Number(values.subscribers)));
const posts = Math.min(1000, Math.max(1, Number(values.posts)));
const rate = values.rate ? Math.max(0.1, Number(values.rate)) : null;
const parts = new Set(values.only!.split(','));
const repeat = Math.min(10, Math.max(1, Number(values.repeat ?? (rate ? 1 : 3))));

function fanoutTable(results: FanoutResult[]): void {
  console.log(
    '| | deliveries | lost | dup | deliveries/s (median round) | every round | p50 ms | p99 ms | max ms | ' +
      'server RSS MiB | server CPU us/delivery | same, writes excluded |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.label} | ${fmt(r.delivered)} / ${fmt(r.expected)} | ${fmt(r.lost)} | ${fmt(r.duplicates)} | ${fmt(r.perSecond)} | ${r.rounds.map((x) => fmt(x)).join(', ')} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.serverRssMiB)} | ${fmt(r.cpuUsPerDelivery, 1)} | ${fmt(r.fanoutUsPerDelivery, 1)} |`,
    );
  }
}

const children: Child[] = [];
const db = await createTestDatabase();
try {
  console.log(`# MoltBook benchmark`);
  console.log(
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `load generator on the same machine, loopback.\n`,
  );
  const server = await startChild('server/main.ts', {
    DATABASE_URL: db.url,
    REDIS_URL: values.redis!,
    RATE_LIMITS: 'off',
    GRAPHIQL: 'off',
  });
  children.push(server);
  const gql = gqlClient(server.url);
  const [author] = await verifiedAgents(gql, 1);

  if (parts.has('fanout')) {
    const options = { subscribers, posts, rate, repeat };
    const what = rate ? `${posts} posts at ${rate}/s` : `a burst of ${posts} posts`;
    console.log(`## Fan-out: ${fmt(subscribers)} WebSocket subscribers of postCreated, ${what}\n`);
    const { result, template } = await moltbookFanout(server, author!.apiKey, options);
    const raw = await startChild('bench/raw-server.ts', {});
    children.push(raw);
    const baseline = await rawFanout(raw, template, options);
    await raw.stop();
    fanoutTable([result, baseline]);
    console.log(
      `\nThroughput ratio MoltBook / raw ws: **${fmt(result.perSecond / baseline.perSecond, 2)}x**; ` +
        `p99 ratio: ${fmt(result.p99 / baseline.p99, 2)}x; server CPU per delivery, writes excluded, raw / MoltBook: ` +
        `${fmt(baseline.fanoutUsPerDelivery / result.fanoutUsPerDelivery, 2)}x. Message size ${fmt(Buffer.byteLength(template))} bytes.\n`,
    );
  }
  if (parts.has('feed')) await feedBench(server, gql, author!, Number(values.seconds) * 1000);
  if (parts.has('votes')) await votesBench(server, gql, db.url);
} finally {
  await Promise.all(children.map((c) => c.stop()));
  await db.drop();
}
process.exit(0);
