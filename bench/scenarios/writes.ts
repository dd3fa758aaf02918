/**
 * A write mix by many verified agents, 5% posts and 95% votes, through the API (HTTP, GraphQL, key
 * lookup, audit) against the same statements sent as raw SQL through `pg`: the same operations, the
 * same concurrency, the same database. The counters are checked exact afterwards. The server runs with
 * RATE_LIMITS=off.
 */
import pg from 'pg';
import { createPost, inParallel } from '../api.js';
import { reportRounds } from '../http-compare.js';
import { httpRound, type HttpRound } from '../http-load.js';
import { alternate, type Scenario } from '../scenario.js';
import { fmt, percentile } from '../stats.js';
import { apiRequest, operations, rawId, sqlStatement, wrongCounters } from '../write-mix.js';

const AGENTS = 40;
const TARGETS = 100;
const OPS = 1000;
const CONCURRENCY = 16;

export const writes: Scenario = {
  name: 'writes',
  title: `write mix by ${AGENTS} verified agents (5% posts, 95% votes) through the API against the same statements in raw SQL`,
  async run(bench) {
    const { server, gql } = await bench.moltbook();
    const [author, ...agents] = await bench.agents(AGENTS + 1);
    const makeTargets = (side: string) =>
      inParallel(TARGETS, 8, (i) => createPost(gql, author!.apiKey, 'general', `${side} vote target ${i}`));
    const apiTargets = await makeTargets('API');
    const sqlTargets = (await makeTargets('SQL')).map(rawId);
    const sqlAgents = agents.map((a) => rawId(a.id));
    const db = new pg.Pool({ connectionString: bench.databaseUrl, max: CONCURRENCY });
    const apiRound = (seed: number, amount: number): Promise<HttpRound> => {
      const ops = operations(seed, AGENTS, TARGETS);
      return httpRound({
        url: `${server.url}/graphql`,
        connections: CONCURRENCY,
        amount,
        next: () => apiRequest(ops.next().value, agents, apiTargets),
        check: (body) => body.startsWith('{"data":{"') && !body.includes('"errors"'),
      });
    };
    const sqlRound = async (seed: number, amount: number): Promise<HttpRound> => {
      const ops = operations(seed, AGENTS, TARGETS);
      const latencies: number[] = [];
      let errors = 0;
      const start = performance.now();
      await inParallel(amount, CONCURRENCY, async () => {
        const statement = sqlStatement(ops.next().value, sqlAgents, sqlTargets);
        const t = performance.now();
        await db.query(statement.text, statement.values).catch(() => (errors += 1));
        latencies.push(performance.now() - t);
      });
      const answers = amount - errors;
      const perSecond = answers / ((performance.now() - start) / 1000);
      return { answers, errors, perSecond, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    };
    try {
      console.log(`${fmt(OPS)} operations a round, ${CONCURRENCY} at a time, on ${TARGETS} posts per side.\n`);
      await apiRound(0, OPS / 5); // warm-up
      await sqlRound(0, OPS / 5);
      // Round k of each side runs the same operations (seed k): the API round, then the SQL one.
      let seed = 0;
      const [api, sql] = await alternate(
        bench.options.rounds,
        () => apiRound(++seed, OPS),
        () => sqlRound(seed, OPS),
      );
      const figures = reportRounds(
        'writes',
        'ops/s',
        ['MoltBook API (HTTP, GraphQL, key lookup, audit)', api],
        ['same statements in raw SQL (pg)', sql],
      );
      const wrong = `API ${await wrongCounters(db, apiTargets.map(rawId))}, raw SQL ${await wrongCounters(db, sqlTargets)}`;
      console.log(`Posts with wrong counters afterwards (of ${TARGETS} per side): ${wrong}.\n`);
      return [...figures, { scenario: 'writes', remark: `posts with wrong counters afterwards: ${wrong}` }];
    } finally {
      await db.end();
    }
  },
};
