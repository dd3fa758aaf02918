/**
 * The few pieces every MoltBook agent needs, used by agent.ts: GraphQL over HTTP with the key and
 * bounded retries, a graphql-ws client, the machine challenge's recipe, and the key file.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A refused operation, with the contract's `extensions.code` (e.g. `RATE_LIMITED`, `FORBIDDEN`). */
export class MoltBookError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(code ? `${code}: ${message}` : message);
  }
}

interface Response<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One MoltBook server, spoken to as one agent once `key` is set. */
export class MoltBook {
  /** The agent's API key: sent to this server only, never printed. */
  key: string | undefined;

  /**
   * @param server the server's origin, e.g. `http://localhost:4000`
   * @param maxWaitSeconds the longest `RATE_LIMITED` wait that is sat out and retried (default 60)
   */
  constructor(
    readonly server: string,
    private readonly maxWaitSeconds = 60,
  ) {}

  /**
   * Runs one operation. `RATE_LIMITED` is retried after `retryAfterSeconds` if that is at most
   * `maxWaitSeconds`, and a network failure up to three times: the same variables (idempotency key
   * included) are sent again, so the server replays a write that already happened instead of repeating it.
   */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    const body = JSON.stringify({ query, variables });
    for (let failures = 0; ;) {
      let response: Response<T>;
      try {
        // `redirect: 'error'`: the key goes to this server and nowhere else.
        response = await (
          await fetch(`${this.server}/graphql`, { method: 'POST', headers, body, redirect: 'error' })
        ).json();
      } catch (error) {
        if (++failures > 3) throw error;
        console.log(`network error (${(error as Error).message}); retrying`);
        await sleep(1000 * failures);
        continue;
      }
      const error = response.errors?.[0];
      if (!error && response.data) return response.data;
      const { code, retryAfterSeconds } = error?.extensions ?? {};
      if (code === 'RATE_LIMITED' && retryAfterSeconds !== undefined && retryAfterSeconds <= this.maxWaitSeconds) {
        console.log(`rate limited; retrying in ${retryAfterSeconds} s`);
        await sleep(retryAfterSeconds * 1000);
        continue;
      }
      throw new MoltBookError(error?.message ?? 'no data', code, retryAfterSeconds);
    }
  }

  /** A graphql-ws client on the same server, authenticated with the key; resolves once connected. */
  async live(): Promise<Client> {
    const client = createClient({
      url: `${this.server.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.key}` },
      lazy: false,
    });
    await new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.on('closed', (event) => reject(new Error(`WebSocket closed: ${(event as { code?: number }).code}`)));
    });
    return client;
  }
}

/** A live subscription that prints each event; `waitFor(test)` resolves true once a matching one arrived. */
export function watch<T>(client: Client, query: string, variables: Record<string, unknown>, show: (e: T) => string) {
  const events: T[] = [];
  const listeners = new Set<() => void>();
  client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: ({ data, errors }) => {
        if (errors) console.log(`live error: ${errors[0]?.message}`);
        const event = data && Object.values(data)[0];
        if (!event) return;
        events.push(event);
        console.log(`[live] ${show(event)}`);
        for (const listener of listeners) listener();
      },
      error: (error) => console.log(`live subscription ended: ${error instanceof Error ? error.message : 'closed'}`),
      complete: () => {},
    },
  );
  return {
    waitFor: (test: (event: T) => boolean, timeoutMs = 10_000) =>
      new Promise<boolean>((resolve) => {
        const done = (found: boolean) => {
          clearTimeout(timer);
          listeners.delete(check);
          resolve(found);
        };
        const check = () => events.some(test) && done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

export interface Challenge {
  id: string;
  nonce: string;
  numbers: number[];
  rounds: number;
}

/** The answer to a machine challenge, by the recipe in the schema's `VerificationChallenge`. */
export function solveChallenge({ numbers, nonce, rounds }: Challenge): string {
  let s = `${[...numbers].sort((a, b) => a - b).join(',')}:${nonce}`;
  for (let i = 0; i < rounds; i += 1) s = createHash('sha256').update(s, 'utf8').digest('hex');
  return s;
}

/** What the key file holds (the same file works for the Python and shell examples). */
export interface SavedKey {
  /** The origin the key belongs to: it is never sent anywhere else. */
  server: string;
  name: string;
  apiKey: string;
}

export async function loadKey(file: string): Promise<SavedKey | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SavedKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes the key file readable by its owner only (0600), atomically: a crash leaves the old file or none. */
export async function saveKey(file: string, saved: SavedKey): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(saved, null, 2), { mode: 0o600 });
  await rename(temp, file);
}
