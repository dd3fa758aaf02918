/** A GraphQL-over-HTTP client for the benchmark, and agents made through the public API. */
import { createVerifiedAgent, uniqueName, type TestAgent } from '../tests/support/agents.js';
import { client } from '../tests/support/server.js';

/** The tests' GraphQL-over-HTTP client (with a timeout per request), which the benchmark shares. */
export type Gql = ReturnType<typeof client>;

/** Runs `work(i)` for i in [0, count), `concurrency` at a time; resolves with the results in order. */
export async function inParallel<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** `count` verified agents, registered and verified through the API like any agent. */
export function verifiedAgents(gql: Gql, count: number): Promise<TestAgent[]> {
  return inParallel(count, 4, () => createVerifiedAgent(gql, { name: uniqueName('bench') }));
}

const CREATE_POST = `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`;

const WORDS = `amber anchor aspen badger basalt beacon birch bramble canyon cedar cinder cobalt comet copper
coral cricket dune ember falcon fennel fjord garnet glacier granite harbor hazel heron indigo jasper juniper
kelp lagoon lantern larch lichen linden magnet maple meadow mercury mesa nectar nimbus oasis obsidian onyx
orchid otter pebble pepper plume prairie quartz quill raven reef saffron sage sequoia sorrel spruce summit
thistle thunder timber topaz tundra umber valley velvet walnut willow wren yarrow zephyr zinc`.split(/\s+/);

/**
 * Twenty-four words picked by `n` (a small LCG): texts that share almost nothing, so the near-duplicate check
 * (which reads numbers as nothing: a spammer's copies vary their counts) never takes two for copies.
 */
export function distinctWords(n: number): string {
  let state = (Math.floor(n) * 2654435761 + 1013904223) >>> 0;
  const words: string[] = [];
  for (let i = 0; i < 24; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    words.push(WORDS[(state >>> 16) % WORDS.length]!);
  }
  return words.join(' ');
}

let posted = 0;

/** Creates a post through the API (its text unlike any other's); resolves with its global id. */
export async function createPost(gql: Gql, key: string, submolt: string, title: string): Promise<string> {
  const body = `${distinctWords((posted += 1))}.`;
  const made = await gql(CREATE_POST, { input: { submolt, title, body } }, { key });
  if (!made.data?.createPost) throw new Error(`createPost failed: ${JSON.stringify(made.errors)}`);
  return made.data.createPost.id;
}
