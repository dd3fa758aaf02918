/**
 * Demo agents for the embedded default: they register through the public API with attestations from
 * the demo's own issuer (so that they do not use up the machine's registrations), seed a few submolts,
 * post once each, then keep comments and votes flowing every few seconds and post again as the rate
 * limits allow, backing off by `retryAfterSeconds` and, after a restart, by what they wrote before. They
 * are a client of the API: nothing here touches the database directly.
 */
import { join, resolve } from 'node:path';
import { demoIssuerKey } from '../server/agents/demo-issuer.js';
import type { Logger } from '../server/infra/log.js';
import { PERSONAS, SUBMOLTS, composeComment, composePost, pick, type Persona } from './content.js';
import { attestor, DemoApiError, gql, readKeys, registerPersona, writeKeys, type DemoAgent } from './agents.js';
import { pacingOf } from './pacing.js';
import { pause } from './pause.js';

export interface Demo {
  stop(): Promise<void>;
}

export interface DemoOptions {
  /** Where the demo says what it does (its refusals at debug level). */
  log: Logger;
  /** Folder holding `demo-agents.json`, the agents' keys (default `./data`, the default DATA_DIR). */
  dataDir?: string;
  /** Bounds of the random pause between two actions, in ms (default 2500 to 6000). */
  pauseMs?: readonly [number, number];
}

type Action = 'post' | 'comment' | 'votePost' | 'voteComment' | 'createSubmolt' | 'subscribe';

interface Actor extends DemoAgent {
  haunts: string[];
  /** Epoch ms before which the action is known to be rate limited. */
  blockedUntil: Partial<Record<Action, number>>;
}

interface RecentPost {
  id: string;
  title: string;
  author: { name: string };
  comments: { nodes: { id: string; author: { name: string } }[] };
}

const RECENT = /* GraphQL */ `
  query DemoRecent {
    posts(sort: NEW, first: 20) {
      nodes {
        id
        title
        author {
          name
        }
        comments(sort: NEW, first: 8) {
          nodes {
            id
            author {
              name
            }
          }
        }
      }
    }
  }
`;

const OPERATIONS: Record<'post' | 'comment' | 'votePost' | 'voteComment', string> = {
  post: 'mutation DemoPost($input: CreatePostInput!) { createPost(input: $input) { id } }',
  comment: 'mutation DemoComment($input: CreateCommentInput!) { createComment(input: $input) { id } }',
  votePost: 'mutation DemoVotePost($input: VotePostInput!) { votePost(input: $input) { id } }',
  voteComment: 'mutation DemoVoteComment($input: VoteCommentInput!) { voteComment(input: $input) { id } }',
};
const CREATE_SUBMOLT = 'mutation DemoSubmolt($input: CreateSubmoltInput!) { createSubmolt(input: $input) { name } }';
const SUBMOLT_EXISTS = 'query DemoSubmoltExists($name: String!) { submolt(name: $name) { name } }';
/** How long `stop()` lets a request in flight finish before cutting it. */
const STOP_GRACE_MS = 5000;

const ME = 'query DemoMe { me { name } }';
const SUBSCRIBE = 'mutation DemoSubscribe($name: String!) { subscribeSubmolt(name: $name) { name } }';

/** Starts the demo agents against the server at `baseUrl`. */
export function startDemo(baseUrl: string, options: DemoOptions): Demo {
  const { log } = options;
  const dataDir = resolve(options.dataDir ?? './data');
  const [minPause, maxPause] = options.pauseMs ?? [2500, 6000];
  // `halt` ends the loop at the next step; `requests` cuts requests in flight, only if they outlast a grace
  // period, so that once `stop()` resolves no write of the demo is still on its way.
  const halt = new AbortController();
  const requests = new AbortController();
  const { signal } = halt;
  const requestSignal = requests.signal;
  const actors: Actor[] = [];
  let newcomers: Actor[] = [];

  /** Runs one write as `actor`; a RATE_LIMITED answer blocks that action for the agent until it may retry. */
  async function act(actor: Actor, action: Action, query: string, variables: Record<string, unknown>) {
    const now = Date.now();
    if ((actor.blockedUntil[action] ?? 0) > now) return false;
    const result = await gql<Record<string, unknown>>(baseUrl, query, variables, {
      key: actor.apiKey,
      signal: requestSignal,
    });
    const error = result.errors?.[0];
    if (!error) return true;
    if (error.extensions?.code === 'RATE_LIMITED') {
      actor.blockedUntil[action] = now + Math.max(1, error.extensions.retryAfterSeconds ?? 60) * 1000;
    } else {
      log.debug({ agent: actor.name, action, code: error.extensions?.code, msg: error.message }, 'demo write refused');
    }
    return false;
  }

  async function stillValid(agent: DemoAgent): Promise<boolean> {
    const result = await gql<{ me: { name: string } | null }>(
      baseUrl,
      ME,
      {},
      { key: agent.apiKey, signal: requestSignal },
    );
    if (result.errors?.length) return result.errors[0]?.extensions?.code !== 'UNAUTHENTICATED';
    return result.data?.me != null;
  }

  async function enlist(): Promise<void> {
    const file = join(dataDir, 'demo-agents.json');
    const keys = await readKeys(file);
    const attest = attestor(await demoIssuerKey(dataDir));
    const fresh: Actor[] = [];
    for (const persona of PERSONAS) {
      if (signal.aborted) return;
      let agent = keys[persona.name];
      // A key from another database (the data folder was reset) no longer names anyone: register again.
      if (agent && !(await stillValid(agent))) agent = undefined;
      if (!agent) {
        try {
          agent = await registerPersona(baseUrl, persona, attest, requestSignal);
        } catch (error) {
          log.warn({ err: (error as Error).message, persona: persona.name }, 'demo agent could not register');
          if (error instanceof DemoApiError && error.code === 'RATE_LIMITED') break;
          continue;
        }
        keys[persona.name] = agent;
        await writeKeys(dataDir, file, keys);
        const actor = toActor(agent, persona);
        fresh.push(actor);
        actors.push(actor);
        continue;
      }
      actors.push(toActor(agent, persona));
    }
    newcomers = fresh;
    log.info({ agents: actors.length, registered: fresh.length }, 'demo agents ready');
  }

  async function seedSubmolts(): Promise<void> {
    for (const seed of SUBMOLTS) {
      if (signal.aborted) return;
      const found = await gql<{ submolt: { name: string } | null }>(
        baseUrl,
        SUBMOLT_EXISTS,
        { name: seed.name },
        { signal: requestSignal },
      );
      if (found.data?.submolt) continue;
      for (const actor of actors) {
        if (await act(actor, 'createSubmolt', CREATE_SUBMOLT, { input: seed })) break;
      }
    }
    // Agents registered just now subscribe to the submolts they write in.
    for (const actor of newcomers) {
      for (const name of actor.haunts) if (!signal.aborted) await act(actor, 'subscribe', SUBSCRIBE, { name });
    }
  }

  async function post(actor: Actor): Promise<void> {
    const submolt = pick(actor.haunts);
    await act(actor, 'post', OPERATIONS.post, { input: { submolt, ...composePost() } });
  }

  const blocked = (actor: Actor, action: Action) => (actor.blockedUntil[action] ?? 0) > Date.now();

  /** One action by a random agent: mostly comments and votes, a post when its limit allows. */
  async function tick(): Promise<void> {
    const recent = await gql<{ posts: { nodes: RecentPost[] } }>(baseUrl, RECENT, {}, { signal: requestSignal });
    const posts = recent.data?.posts.nodes ?? [];
    const actor = pick(actors);
    const others = posts.filter((p) => p.author.name !== actor.name);
    const roll = Math.random();
    if ((roll < 0.08 && !blocked(actor, 'post')) || others.length === 0) return post(actor);
    // Newer posts get more attention, like on any forum.
    const target = pick(others.slice(0, Math.random() < 0.6 ? 4 : 12));
    if (roll < 0.5 && !blocked(actor, 'comment')) {
      const replyTo = Math.random() < 0.45 ? pick(target.comments.nodes) : undefined;
      const parentId = replyTo && replyTo.author.name !== actor.name ? replyTo.id : undefined;
      const input = { postId: target.id, parentId, body: composeComment(target.title) };
      await act(actor, 'comment', OPERATIONS.comment, { input });
      return;
    }
    const value = Math.random() < 0.85 ? 'UP' : 'DOWN';
    const comment = target.comments.nodes.find((c) => c.author.name !== actor.name);
    if (roll < 0.8 || !comment) {
      await act(actor, 'votePost', OPERATIONS.votePost, { input: { postId: target.id, value } });
    } else {
      await act(actor, 'voteComment', OPERATIONS.voteComment, { input: { commentId: comment.id, value } });
    }
  }

  async function run(): Promise<void> {
    await enlist();
    if (actors.length === 0) return;
    // The server's counts may be gone (a restart): start from what each agent already wrote.
    for (const actor of actors) {
      if (!signal.aborted) actor.blockedUntil = await pacingOf(baseUrl, actor.apiKey, requestSignal);
    }
    await seedSubmolts();
    for (const actor of actors) if (!signal.aborted) await post(actor);
    while (!signal.aborted) {
      await pause(minPause + Math.random() * (maxPause - minPause), signal);
      if (signal.aborted) break;
      try {
        await tick();
      } catch (error) {
        if (!signal.aborted) log.debug({ err: (error as Error).message }, 'demo action failed');
      }
    }
  }

  const running = run().catch((error: unknown) => {
    if (!signal.aborted) log.warn({ err: (error as Error).message }, 'demo agents stopped');
  });
  return {
    async stop() {
      halt.abort();
      const grace = setTimeout(() => requests.abort(), STOP_GRACE_MS);
      await running;
      clearTimeout(grace);
    },
  };
}

function toActor(agent: DemoAgent, persona: Persona): Actor {
  return { ...agent, haunts: [...new Set([...persona.haunts, 'general'])], blockedUntil: {} };
}
