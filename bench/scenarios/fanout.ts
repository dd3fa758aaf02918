/**
 * WebSocket fan-out of `postCreated` against a raw `ws` server given the same mutations (it writes each
 * post with the same statement, then broadcasts the same bytes to the same number of clients): a burst
 * of 40 posts to 1,000 subscribers, and 25 posts at 5 per second to 10,000.
 */
import { client } from '../../tests/support/server.js';
import type { Bench } from '../bench.js';
import { eventTemplate, fanoutSide, SUBSCRIPTION, type FanoutOptions, type FanoutRound } from '../fanout.js';
import { rawId } from '../write-mix.js';
import { ratio, table } from '../report.js';
import { alternate, type Figure, type Remark, type Scenario } from '../scenario.js';
import { fmt, median } from '../stats.js';

function details(sides: [string, FanoutRound[]][]): string {
  const m = (rounds: FanoutRound[], f: (r: FanoutRound) => number, digits = 0) => fmt(median(rounds.map(f)), digits);
  return table(
    [
      '',
      'delivered / expected',
      'lost',
      'dup',
      'deliveries/s (median)',
      'every round',
      'p50 ms (median)',
      'p99 ms (median of rounds)',
      'max ms',
      'server RSS MiB',
      'server CPU us/delivery',
      'same, writes excluded',
      'subscribers CPU us/delivery',
    ],
    sides.map(([label, rounds]) => [
      label,
      `${fmt(rounds.reduce((n, r) => n + r.received, 0))} / ${fmt(rounds.reduce((n, r) => n + r.expected, 0))}`,
      fmt(rounds.reduce((n, r) => n + r.lost, 0)),
      fmt(rounds.reduce((n, r) => n + r.duplicates, 0)),
      m(rounds, (r) => r.perSecond),
      rounds.map((r) => fmt(r.perSecond)).join(', '),
      m(rounds, (r) => r.p50),
      m(rounds, (r) => r.p99),
      fmt(Math.max(...rounds.map((r) => r.max))),
      fmt(Math.max(...rounds.map((r) => r.serverRssMiB))),
      m(rounds, (r) => r.cpuUsPerDelivery, 1),
      m(rounds, (r) => r.fanoutUsPerDelivery, 1),
      m(rounds, (r) => r.clientUsPerDelivery, 1),
    ]),
  );
}

async function fanoutScenario(bench: Bench, scenario: string, o: FanoutOptions): Promise<(Figure | Remark)[]> {
  const { server, gql } = await bench.moltbook();
  const [author] = await bench.agents(1);
  const what = o.rate ? `${o.posts} posts at ${o.rate}/s` : `a burst of ${o.posts} posts`;
  console.log(
    `${fmt(o.subscribers)} subscribers of postCreated, ${what}, each side's subscribers in its own swarm process.\n`,
  );
  const moltbookSwarm = await bench.swarm();
  const rawSwarm = await bench.swarm();
  try {
    const ws = (url: string) => `${url.replace('http', 'ws')}/graphql`;
    const { side: moltbook, warm } = await fanoutSide(
      {
        label: 'MoltBook (yoga pipeline, own graphql-transport-ws, execute-once fan-out)',
        server,
        gql,
        key: author!.apiKey,
        wsUrl: ws(server.url),
        operations: [SUBSCRIPTION],
      },
      moltbookSwarm,
      o,
    );
    const template = eventTemplate(await moltbookSwarm.sample(), warm);
    const raw = await bench.start('bench/raw-server.ts', {
      TEMPLATE: template,
      DATABASE_URL: bench.databaseUrl,
      AGENT_ID: rawId(author!.id),
    });
    try {
      const { side: baseline } = await fanoutSide(
        {
          label: 'raw ws given the same mutations (same statement, same bytes to every client)',
          server: raw,
          gql: client(raw.url),
          key: '',
          wsUrl: ws(raw.url),
        },
        rawSwarm,
        o,
      );
      const [a, b] = await alternate(bench.options.rounds, moltbook.round, baseline.round);
      console.log(
        details([
          [moltbook.label, a],
          [baseline.label, b],
        ]),
      );
      const m = (rounds: FanoutRound[], f: (r: FanoutRound) => number) => median(rounds.map(f));
      const perSecond = [m(a, (r) => r.perSecond), m(b, (r) => r.perSecond)] as const;
      const p99 = [m(a, (r) => r.p99), m(b, (r) => r.p99)] as const;
      const cpu = [m(a, (r) => r.fanoutUsPerDelivery), m(b, (r) => r.fanoutUsPerDelivery)] as const;
      console.log(
        `\nThroughput ratio MoltBook / raw ws: **${ratio(...perSecond)}**; p99 ratio: ${ratio(...p99)}; ` +
          `server CPU per delivery (writes excluded): ${ratio(...cpu)}. Message size ${fmt(Buffer.byteLength(template))} bytes.\n`,
      );
      const versus = 'raw ws, same mutations and bytes';
      const rounds = `median of ${bench.options.rounds} rounds`;
      const lost = a.reduce((n, r) => n + r.lost + r.duplicates, 0) + b.reduce((n, r) => n + r.lost + r.duplicates, 0);
      const figures: (Figure | Remark)[] = [
        { scenario, measure: `deliveries/s, ${rounds}`, moltbook: perSecond[0], versus, baseline: perSecond[1] },
        {
          scenario,
          measure: 'p50 ms, median of the rounds',
          moltbook: m(a, (r) => r.p50),
          versus,
          baseline: m(b, (r) => r.p50),
        },
        { scenario, measure: 'p99 ms, median of the rounds p99s', moltbook: p99[0], versus, baseline: p99[1] },
        {
          scenario,
          measure: `server CPU us/delivery (writes excluded), ${rounds}`,
          moltbook: cpu[0],
          versus,
          baseline: cpu[1],
          digits: 1,
        },
      ];
      if (lost) figures.push({ scenario, remark: `${fmt(lost)} deliveries lost or duplicated: see above` });
      return figures;
    } finally {
      await raw.stop();
    }
  } finally {
    await moltbookSwarm.stop();
    await rawSwarm.stop();
  }
}

export const burst: Scenario = {
  name: 'burst',
  title: 'fan-out, a burst of 40 posts to 1,000 WebSocket subscribers, against raw ws given the same mutations',
  run: (bench) => fanoutScenario(bench, 'burst', { subscribers: 1000, posts: 40, rate: null }),
};

export const fanout: Scenario = {
  name: 'fanout',
  title:
    'fan-out, 25 posts at 5/s to 10,000 WebSocket subscribers (--subscribers), against raw ws given the same mutations',
  run: (bench) => fanoutScenario(bench, 'fanout', { subscribers: bench.options.subscribers, posts: 25, rate: 5 }),
};
