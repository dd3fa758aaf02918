/**
 * The fan-out measurement: N subscribers of `postCreated` on MoltBook receive K posts made through the
 * API (a burst, or a steady rate), next to the raw `ws` baseline broadcasting the same bytes to the
 * same number of clients.
 */
import type { Child } from './processes.js';
import { cpuSeconds, percentile, rssMiB, sleep } from './stats.js';
import { Subscribers } from './subscribers.js';

export interface FanoutOptions {
  subscribers: number;
  posts: number;
  /** Posts per second; null sends them as a burst (a few at a time, as fast as the API answers). */
  rate: number | null;
  /** Measured rounds per side; the round with the median throughput is reported. */
  repeat: number;
}

export interface FanoutResult {
  label: string;
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  /** From the first publish to the last delivery. */
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  serverRssMiB: number;
  /** Server CPU per delivery, in microseconds (MoltBook's includes the mutations themselves). */
  cpuUsPerDelivery: number;
  /** Server CPU per delivery without the cost of the same mutations made with no subscriber. */
  fanoutUsPerDelivery: number;
  /** Throughput of every round, for the spread. */
  rounds: number[];
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

const CREATE_POST = `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`;

async function createPost(url: string, key: string, title: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      query: CREATE_POST,
      variables: { input: { submolt: 'general', title, body: `${title}: body text.` } },
    }),
  });
  const body = (await response.json()) as { data?: { createPost?: { id: string } }; errors?: unknown };
  if (!body.data?.createPost) throw new Error(`createPost failed: ${JSON.stringify(body.errors)}`);
  return body.data.createPost.id;
}

/**
 * Runs `count` calls of `fire(i, due)`: at `rate` per second (`due` is the scheduled time, so a late
 * call counts as late), or as a burst of 8 in flight at a time (`due` is when the call starts).
 */
async function schedule<T>(
  count: number,
  rate: number | null,
  fire: (i: number, due: number) => Promise<T>,
): Promise<T[]> {
  if (rate === null) {
    const results: T[] = new Array(count);
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        results[i] = await fire(i, Date.now());
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, count) }, worker));
    return results;
  }
  const start = Date.now();
  const pending: Promise<T>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = start + (i * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    pending.push(fire(i, due));
  }
  return Promise.all(pending);
}

function summarise(
  label: string,
  subs: Subscribers,
  expected: number,
  requestedAt: Map<string, number>,
  t0: number,
  pid: number,
  cpu0: number,
  writeCpu = 0,
): FanoutResult {
  const seconds = Math.max(0.001, (subs.lastAt - t0) / 1000);
  const cpu = cpuSeconds(pid) - cpu0;
  const latencies = subs.latencies(requestedAt);
  return {
    label,
    expected,
    delivered: subs.received,
    lost: subs.lost([...requestedAt.keys()]),
    duplicates: subs.duplicates,
    seconds,
    perSecond: subs.received / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    serverRssMiB: rssMiB(pid),
    cpuUsPerDelivery: subs.received ? (cpu * 1e6) / subs.received : Number.NaN,
    fanoutUsPerDelivery: subs.received ? (Math.max(0, cpu - writeCpu) * 1e6) / subs.received : Number.NaN,
    rounds: [],
  };
}

/** Runs `round` `repeat` times; returns the round of median throughput, with every round's throughput. */
async function median(repeat: number, round: () => Promise<FanoutResult>): Promise<FanoutResult> {
  const results: FanoutResult[] = [];
  for (let i = 0; i < repeat; i += 1) {
    results.push(await round());
    await sleep(1000);
  }
  const sorted = [...results].sort((a, b) => a.perSecond - b.perSecond);
  return { ...sorted[Math.floor(sorted.length / 2)]!, rounds: results.map((r) => r.perSecond) };
}

const waitBudget = (o: FanoutOptions) =>
  30_000 + (o.rate ? (o.posts / o.rate) * 1000 : 0) + o.subscribers * o.posts * 0.05;

/** MoltBook: N subscribers over the project's WebSocket handler, K posts through the API. */
export async function moltbookFanout(
  server: Child,
  key: string,
  o: FanoutOptions,
): Promise<{ result: FanoutResult; template: string }> {
  // Calibration: the server CPU of the same posts made with no subscriber (the cost of the writes alone).
  await schedule(o.posts, null, (i) => createPost(server.url, key, `Calibration post ${i}`));
  const calibrationStart = cpuSeconds(server.pid);
  await schedule(o.posts, null, (i) => createPost(server.url, key, `Calibration post ${i}`));
  const writeCpu = cpuSeconds(server.pid) - calibrationStart;
  const subs = new Subscribers();
  await subs.open(`${server.url.replace('http', 'ws')}/graphql`, o.subscribers, SUBSCRIPTION);
  // Warm-up round: also proves that every subscription is registered before measuring.
  const warm = await createPost(server.url, key, 'Warm-up');
  if (!(await subs.until(o.subscribers, 60_000)))
    throw new Error(`warm-up reached ${subs.received} of ${o.subscribers}`);
  const sample = subs.sample;
  const result = await median(o.repeat, async () => {
    subs.reset();
    await sleep(500);
    const cpu0 = cpuSeconds(server.pid);
    const t0 = Date.now();
    const requestedAt = new Map<string, number>();
    await schedule(o.posts, o.rate, async (i, due) => {
      requestedAt.set(await createPost(server.url, key, `Bench post ${i}`), due);
    });
    const expected = o.subscribers * o.posts;
    await subs.until(expected, waitBudget(o));
    const label = 'MoltBook (yoga pipeline, own graphql-transport-ws, execute-once fan-out)';
    return summarise(label, subs, expected, requestedAt, t0, server.pid, cpu0, writeCpu);
  });
  await subs.close();
  // The same bytes for the raw baseline, with its own post id and send time per round.
  const template = sample.replace(warm, 'raw-__ROUND__').replace(/"createdAt":"[^"]+"/, '"createdAt":"__SENT_AT__"');
  return { result, template };
}

/** The raw `ws` baseline: the same N clients (in this process), the same message, K rounds. */
export async function rawFanout(raw: Child, template: string, o: FanoutOptions): Promise<FanoutResult> {
  const subs = new Subscribers();
  await subs.open(raw.url.replace('http', 'ws'), o.subscribers);
  const broadcast = (count: number, intervalMs: number) =>
    fetch(`${raw.url}/broadcast?count=${count}&intervalMs=${intervalMs}`, { method: 'POST', body: template });
  await broadcast(1, 0);
  if (!(await subs.until(o.subscribers, 60_000))) throw new Error('raw warm-up incomplete');
  const result = await median(o.repeat, async () => {
    subs.reset();
    await sleep(500);
    const cpu0 = cpuSeconds(raw.pid);
    const t0 = Date.now();
    await broadcast(o.posts, o.rate ? 1000 / o.rate : 0);
    const expected = o.subscribers * o.posts;
    await subs.until(expected, waitBudget(o));
    // Rounds are scheduled at fixed times: a late round counts as late, as a late post does.
    const interval = o.rate ? 1000 / o.rate : 0;
    const requestedAt = new Map(Array.from({ length: o.posts }, (_, i) => [`raw-${i}`, t0 + i * interval]));
    return summarise('raw ws broadcast (same bytes to every client)', subs, expected, requestedAt, t0, raw.pid, cpu0);
  });
  await subs.close();
  return result;
}
