/**
 * The fan-out measurement: N subscribers of `postCreated` on MoltBook receive K posts made through the
 * API (a burst, or a steady rate), against the raw `ws` baseline (raw-server.ts) given the same
 * mutations: it writes each post with the same statement and broadcasts MoltBook's own event message to
 * the same number of clients. Both sides are timed alike: throughput from the first mutation sent to the
 * last delivery, latency from when each mutation was sent (at a steady rate, when it was due) to the
 * event's arrival at each client. Each side's subscribers live in a swarm process of their own, both
 * open at once, so that rounds can alternate.
 */
import { createPost, inParallel, type Gql } from './api.js';
import type { Child } from './processes.js';
import { cpuSeconds, rssMiB, sleep } from './stats.js';
import type { DeliverySummary, Operation } from './subscribers.js';
import type { Swarm } from './swarm.js';

export interface FanoutOptions {
  subscribers: number;
  posts: number;
  /** Posts per second; null sends them as a burst (8 in flight, as fast as the API answers). */
  rate: number | null;
}

export interface FanoutRound extends DeliverySummary {
  /** From the first event sent to the last delivery. */
  seconds: number;
  perSecond: number;
  serverRssMiB: number;
  /** Server CPU per delivery, in microseconds (making the posts included). */
  cpuUsPerDelivery: number;
  /** The same without the CPU of the same posts made with no subscriber. */
  fanoutUsPerDelivery: number;
  /** CPU of the subscribers' swarm process per delivery: near 1 s per second of round, it is the bottleneck. */
  clientUsPerDelivery: number;
}

/** One side of the comparison, set up and ready for rounds. */
export interface FanoutSide {
  label: string;
  round(): Promise<FanoutRound>;
}

export const SUBSCRIPTION = {
  query: /* GraphQL */ `
    subscription Live {
      postCreated {
        id
        title
        createdAt
        score
        commentCount
        author {
          name
        }
        submolt {
          name
        }
      }
    }
  `,
};

/**
 * Makes `count` posts: at `rate` per second (each sent at its scheduled time, which is its send time
 * even when the call starts late), or as a burst of 8 in flight. Resolves with post id -> send time.
 */
async function makePosts(gql: Gql, key: string, count: number, rate: number | null, label: string) {
  const sentAt = new Map<string, number>();
  const fire = async (i: number, due: number) =>
    sentAt.set(await createPost(gql, key, 'general', `${label} ${i}`), due);
  if (rate === null) {
    await inParallel(count, 8, (i) => fire(i, Date.now()));
    return sentAt;
  }
  const start = Date.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = start + (i * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    pending.push(fire(i, due));
  }
  await Promise.all(pending);
  return sentAt;
}

const waitBudget = (o: FanoutOptions) =>
  30_000 + (o.rate ? (o.posts / o.rate) * 1000 : 0) + o.subscribers * o.posts * 0.05;

/** CPU seconds used so far by the server `pid` and by the swarm. */
const cpuNow = (pid: number, swarm: Swarm) => ({ server: cpuSeconds(pid), swarm: cpuSeconds(swarm.pid) });

/** Waits for the deliveries of `sentAt`'s events, then measures the round begun at `start`. */
async function finish(
  swarm: Swarm,
  o: FanoutOptions,
  sentAt: Map<string, number>,
  pid: number,
  start: ReturnType<typeof cpuNow>,
  writeCpu: number,
): Promise<FanoutRound> {
  const expected = o.subscribers * o.posts;
  await swarm.until(expected, waitBudget(o));
  const end = cpuNow(pid, swarm);
  const cpu = end.server - start.server;
  const delivery = await swarm.summary(expected, sentAt);
  const seconds = Math.max(0.001, (delivery.lastAt - Math.min(...sentAt.values())) / 1000);
  const perDelivery = (s: number) => (delivery.received ? (s * 1e6) / delivery.received : Number.NaN);
  return {
    ...delivery,
    seconds,
    perSecond: delivery.received / seconds,
    serverRssMiB: rssMiB(pid),
    cpuUsPerDelivery: perDelivery(cpu),
    fanoutUsPerDelivery: perDelivery(Math.max(0, cpu - writeCpu)),
    clientUsPerDelivery: perDelivery(end.swarm - start.swarm),
  };
}

/** Where a side takes its mutations and its subscribers. */
export interface SideServer {
  label: string;
  server: Child;
  gql: Gql;
  /** The API key the posts are made with (the raw server ignores it). */
  key: string;
  /** Where the subscribers connect, and what they subscribe to (none: a plain WebSocket). */
  wsUrl: string;
  operations?: Operation[];
}

/**
 * A side: measures the CPU of its posts alone first (no subscriber yet), then opens the subscribers and
 * checks with a warm-up post that every one of them is live. Returns the side and the warm-up post's id.
 */
export async function fanoutSide(
  s: SideServer,
  swarm: Swarm,
  o: FanoutOptions,
): Promise<{ side: FanoutSide; warm: string }> {
  await makePosts(s.gql, s.key, o.posts, null, 'Calibration post');
  const calibrationStart = cpuSeconds(s.server.pid);
  await makePosts(s.gql, s.key, o.posts, null, 'Calibration post');
  const writeCpu = cpuSeconds(s.server.pid) - calibrationStart;
  await swarm.open(s.wsUrl, o.subscribers, s.operations);
  const [warm] = (await makePosts(s.gql, s.key, 1, null, 'Warm-up')).keys();
  const arrived = await swarm.until(o.subscribers, 60_000);
  if (arrived < o.subscribers)
    throw new Error(`${s.label}: warm-up reached ${arrived} of ${o.subscribers} subscribers`);
  const side: FanoutSide = {
    label: s.label,
    async round() {
      await swarm.reset();
      await sleep(500);
      const start = cpuNow(s.server.pid, swarm);
      const sentAt = await makePosts(s.gql, s.key, o.posts, o.rate, 'Bench post');
      return finish(swarm, o, sentAt, s.server.pid, start, writeCpu);
    },
  };
  return { side, warm: warm! };
}

/**
 * MoltBook's event message as a template for the raw baseline to send the same bytes: the text of one
 * event (`sample`) with the post's id (`warm`) as `__EVENT_ID__` and its time as `__SENT_AT__`.
 */
export function eventTemplate(sample: string, warm: string): string {
  return sample.replace(warm, '__EVENT_ID__').replace(/"createdAt":"[^"]+"/, '"createdAt":"__SENT_AT__"');
}
