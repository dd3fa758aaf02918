/**
 * The fan-out measurement: N subscribers of `postCreated` on MoltBook receive K posts made through the
 * API (a burst, or a steady rate), against the raw `ws` baseline broadcasting the same bytes to the
 * same number of clients. Both sides are timed alike: throughput from the first event sent to the
 * last delivery, latency from when each event was sent (the mutation, or the raw round) to its arrival
 * at each client. Each side's subscribers live in a swarm process of their own, both open at once, so
 * that rounds can alternate.
 */
import { createPost, inParallel, type Gql } from './api.js';
import type { Child } from './processes.js';
import { cpuSeconds, rssMiB, sleep } from './stats.js';
import type { DeliverySummary } from './subscribers.js';
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
  /** Server CPU per delivery, in microseconds (MoltBook's includes making the posts). */
  cpuUsPerDelivery: number;
  /** The same without the CPU of the same posts made with no subscriber. */
  fanoutUsPerDelivery: number;
  /** CPU of the subscribers' swarm process per delivery: near 1 s per second of round, it is the bottleneck. */
  clientUsPerDelivery: number;
}

/** A MoltBook event message with `__EVENT_ID__` and `__SENT_AT__` in it, for the raw baseline to send. */
export interface Template {
  text: string;
  /** The length of MoltBook's event id, for the raw ids to be as long. */
  idLength: number;
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

/**
 * MoltBook: measures the CPU of the posts alone first (no subscriber yet), then opens the subscribers
 * and checks with a warm-up post that every one of them is live. Returns the side and the text of one
 * event message, for the raw baseline to send the same bytes.
 */
export async function moltbookSide(
  server: Child,
  gql: Gql,
  key: string,
  swarm: Swarm,
  o: FanoutOptions,
): Promise<{ side: FanoutSide; template: Template }> {
  await makePosts(gql, key, o.posts, null, 'Calibration post');
  const calibrationStart = cpuSeconds(server.pid);
  await makePosts(gql, key, o.posts, null, 'Calibration post');
  const writeCpu = cpuSeconds(server.pid) - calibrationStart;
  await swarm.open(`${server.url.replace('http', 'ws')}/graphql`, o.subscribers, [SUBSCRIPTION]);
  const [warm] = (await makePosts(gql, key, 1, null, 'Warm-up')).keys();
  const arrived = await swarm.until(o.subscribers, 60_000);
  if (arrived < o.subscribers) throw new Error(`warm-up reached ${arrived} of ${o.subscribers} subscribers`);
  const sample = await swarm.sample();
  const template = {
    text: sample.replace(warm!, '__EVENT_ID__').replace(/"createdAt":"[^"]+"/, '"createdAt":"__SENT_AT__"'),
    idLength: warm!.length,
  };
  const side: FanoutSide = {
    label: 'MoltBook (yoga pipeline, own graphql-transport-ws, execute-once fan-out)',
    async round() {
      await swarm.reset();
      await sleep(500);
      const start = cpuNow(server.pid, swarm);
      const sentAt = await makePosts(gql, key, o.posts, o.rate, 'Bench post');
      return finish(swarm, o, sentAt, server.pid, start, writeCpu);
    },
  };
  return { side, template };
}

/** The raw `ws` baseline: the same number of clients, the same message (`template`), K rounds. */
export async function rawSide(raw: Child, template: Template, swarm: Swarm, o: FanoutOptions): Promise<FanoutSide> {
  await swarm.open(raw.url.replace('http', 'ws'), o.subscribers);
  let rounds = 0;
  const broadcast = async (count: number, intervalMs: number) => {
    // Event ids as long as MoltBook's, so that the messages have the same size.
    const ids = Array.from({ length: count }, () => `raw${String(rounds++).padStart(template.idLength - 3, '0')}`);
    const response = await fetch(`${raw.url}/broadcast`, {
      method: 'POST',
      body: JSON.stringify({ template: template.text, ids, intervalMs }),
      signal: AbortSignal.timeout(waitBudget(o)),
    });
    const { sentAt } = (await response.json()) as { sentAt: number[] };
    return new Map(ids.map((id, i) => [id, sentAt[i]!]));
  };
  await broadcast(1, 0);
  if ((await swarm.until(o.subscribers, 60_000)) < o.subscribers) throw new Error('raw warm-up incomplete');
  return {
    label: 'raw ws broadcast (same bytes to every client)',
    async round() {
      await swarm.reset();
      await sleep(500);
      const start = cpuNow(raw.pid, swarm);
      const sentAt = await broadcast(o.posts, o.rate ? 1000 / o.rate : 0);
      return finish(swarm, o, sentAt, raw.pid, start, 0);
    },
  };
}
