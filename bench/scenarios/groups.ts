/**
 * Server CPU per event on an instance holding 1,000 distinct subscription groups (one subscriber of
 * `postUpdated` on each of 1,000 posts, plus subscribers of the global `postCreated` feed): each event
 * is a vote on one of the posts, delivered to its one subscriber. The baseline is the same votes on the
 * same instance with no subscriber at all (the cost of the writes alone); rounds alternate.
 */
import { createPost, inParallel } from '../api.js';
import { metricReaches } from '../metrics.js';
import { ratio, table } from '../report.js';
import { alternate, type Scenario } from '../scenario.js';
import { cpuSeconds, fmt, median } from '../stats.js';
import type { DeliverySummary } from '../subscribers.js';

const WATCHED = 1000;
const FEED_SUBSCRIBERS = 100;
const VOTERS = 20;
const CONCURRENCY = 16;

const POST_UPDATED = `subscription Watch($postId: ID!) { postUpdated(postId: $postId) { id score upvotes downvotes } }`;
const POST_CREATED = `subscription Feed { postCreated { id title } }`;
const VOTE = `mutation ($input: VotePostInput!) { votePost(input: $input) { id } }`;

interface GroupsRound {
  cpuUsPerEvent: number;
  delivery?: DeliverySummary;
}

export const groups: Scenario = {
  name: 'groups',
  title: `server CPU per event with ${fmt(WATCHED)} distinct subscription groups (+ the global feed), against the same events with no subscriber`,
  async run(bench) {
    const { server, gql } = await bench.moltbook();
    const [author, ...voters] = await bench.agents(VOTERS + 1);
    const posts = await inParallel(WATCHED, 8, (i) => createPost(gql, author!.apiKey, 'general', `Watched post ${i}`));
    const operations = [
      ...posts.map((postId) => ({ query: POST_UPDATED, variables: { postId } })),
      ...Array.from({ length: FEED_SUBSCRIBERS }, () => ({ query: POST_CREATED })),
    ];
    const swarm = await bench.swarm();
    const wsUrl = `${server.url.replace('http', 'ws')}/graphql`;
    // Every round flips every vote, so that each one changes the post and publishes an event.
    let flips = 0;
    const votes = async (): Promise<Map<string, number>> => {
      const value = flips++ % 2 === 0 ? 'UP' : 'DOWN';
      const sentAt = new Map<string, number>();
      await inParallel(WATCHED, CONCURRENCY, async (i) => {
        sentAt.set(posts[i]!, Date.now());
        const voted = await gql(VOTE, { input: { postId: posts[i], value } }, { key: voters[i % VOTERS]!.apiKey });
        if (!voted.data?.votePost) throw new Error(`votePost failed: ${JSON.stringify(voted.errors)}`);
      });
      return sentAt;
    };
    const measured = async (withGroups: boolean): Promise<GroupsRound> => {
      if (withGroups) {
        await swarm.open(wsUrl, operations.length, operations);
        await metricReaches(server.url, 'moltbook_subscriptions', operations.length, 30_000);
      }
      const cpu0 = cpuSeconds(server.pid);
      const sentAt = await votes();
      if (withGroups) await swarm.until(WATCHED, 30_000);
      const cpuUsPerEvent = ((cpuSeconds(server.pid) - cpu0) * 1e6) / WATCHED;
      if (!withGroups) return { cpuUsPerEvent };
      const delivery = await swarm.summary(WATCHED, sentAt);
      await swarm.close();
      await metricReaches(server.url, 'moltbook_subscriptions', 0, 30_000);
      return { cpuUsPerEvent, delivery };
    };
    console.log(`${fmt(WATCHED)} votes a round by ${VOTERS} agents, ${CONCURRENCY} at a time.\n`);
    await measured(true); // warm-up: the first votes insert, later rounds flip them
    await measured(false);
    const [a, b] = await alternate(
      bench.options.rounds,
      () => measured(true),
      () => measured(false),
    );
    const deliveries = a.map((r) => r.delivery!);
    const cpu = [median(a.map((r) => r.cpuUsPerEvent)), median(b.map((r) => r.cpuUsPerEvent))] as const;
    console.log(
      table(
        ['', 'server CPU us/event (median)', 'every round', 'delivered', 'lost', 'delivery p50 / p99 ms (medians)'],
        [
          [
            `${fmt(WATCHED)} postUpdated groups + ${FEED_SUBSCRIBERS} feed subscribers`,
            fmt(cpu[0]),
            a.map((r) => fmt(r.cpuUsPerEvent)).join(', '),
            fmt(deliveries.reduce((n, d) => n + d.received, 0)),
            fmt(deliveries.reduce((n, d) => n + d.lost, 0)),
            `${fmt(median(deliveries.map((d) => d.p50)))} / ${fmt(median(deliveries.map((d) => d.p99)))}`,
          ],
          ['no subscriber (the writes alone)', fmt(cpu[1]), b.map((r) => fmt(r.cpuUsPerEvent)).join(', '), '', '', ''],
        ],
      ),
    );
    console.log(
      `\nCPU per event ratio with groups / without: **${ratio(...cpu)}** (+${fmt(cpu[0] - cpu[1])} us per event)\n`,
    );
    return [
      {
        scenario: 'groups',
        measure: `server CPU us per vote event, ${fmt(WATCHED)} groups, median of ${bench.options.rounds} rounds`,
        moltbook: cpu[0],
        versus: 'same votes, no subscriber',
        baseline: cpu[1],
      },
    ];
  },
};
