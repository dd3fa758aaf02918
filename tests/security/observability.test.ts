/**
 * Logs and metrics: key-shaped strings never survive into a log line wherever they appear, and
 * `/metrics` exposes requests, errors and refusals by operation and code, rate-limit hits, live
 * connections and subscriptions, delivered events, and database latency, in Prometheus format.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/infra/log.js';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent } from '../support/agents.js';
import { readySocket } from '../realtime/raw.js';

const KEY = 'moltbook_sk_AbCdEfGh0123456789abcdefghijABCDEFGHIJqwerty';

describe('logs', () => {
  it('scrubs keys and bearer tokens from messages, fields, headers, errors and stacks', () => {
    let output = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    const log = createLogger('trace', sink);
    log.info(`message with ${KEY}`);
    log.warn({ note: `nested ${KEY}`, deep: { list: [`Bearer ${KEY}`] } }, 'fields');
    log.info({ headers: { authorization: `Bearer ${KEY}`, 'x-operator-token': 'op-secret-token' } }, 'headers');
    log.error({ err: new Error(`failed for ${KEY}`) }, 'error');
    log.info({ variables: { answer: 'the-answer', attestation: 'eyJhbGciOi' }, apiKey: KEY }, 'variables');
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(output).not.toContain(KEY.slice(12));
    expect(output).not.toContain('op-secret-token');
    expect(output).not.toContain('the-answer');
    expect(output).not.toContain('eyJhbGciOi');
    expect(output).toContain('moltbook_sk_[redacted]');
    expect(JSON.parse(lines[3]!).err.stack).toContain('failed for moltbook_sk_[redacted]');
  });
});

describe('metrics', () => {
  const t = useTestServer({ RATE_LIMITS: 'on' });

  const scrape = async () => {
    const response = await fetch(`${t.server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    return response.text();
  };
  const value = (text: string, pattern: RegExp) => Number(text.match(pattern)?.[1] ?? NaN);

  it('counts operations, errors and refusals by operation and code, and rate-limit hits', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    await t.server.gql('{ posts(first: 1) { nodes { id } } }');
    await t.server.gql('mutation { createPost(input: { submolt: "general", title: "x" }) { id } }');
    await t.server.gql(
      'mutation { createPost(input: { submolt: "general", title: "one" }) { id } }',
      {},
      { key: agent.apiKey },
    );
    await t.server.gql(
      'mutation { createPost(input: { submolt: "general", title: "two" }) { id } }',
      {},
      { key: agent.apiKey },
    );
    let deep = 'id';
    for (let i = 0; i < 10; i += 1) deep = `post { comments(first: 1) { nodes { ${deep} } } }`;
    await t.server.gql(`{ comment(id: "x") { ${deep} } }`);
    const text = await scrape();
    expect(
      value(text, /^moltbook_graphql_operations_total\{operation="posts",type="execute"\} (\d+)$/m),
    ).toBeGreaterThanOrEqual(1);
    expect(value(text, /^moltbook_graphql_errors_total\{operation="createPost",code="UNAUTHENTICATED"\} (\d+)$/m)).toBe(
      1,
    );
    expect(value(text, /^moltbook_graphql_errors_total\{operation="createPost",code="RATE_LIMITED"\} (\d+)$/m)).toBe(1);
    expect(value(text, /^moltbook_rate_limit_hits_total\{rule="createPost"\} (\d+)$/m)).toBe(1);
    expect(value(text, /^moltbook_refusals_total\{code="QUERY_TOO_COMPLEX"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(text, /^moltbook_db_query_duration_seconds_count (\d+)$/m)).toBeGreaterThan(0);
    expect(value(text, /^moltbook_db_up (\d+)$/m)).toBe(1);
  });

  it('counts every live subscriber and every delivery, also when subscribers share one execution', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const subscribers = () => scrape().then((text) => value(text, /^moltbook_subscriptions (\d+)$/m));
    const delivered = () =>
      scrape().then((text) => value(text, /^moltbook_events_delivered_total\{operation="postCreated"\} (\d+)$/m) || 0);
    const until = async (read: () => Promise<number>, expected: number) => {
      for (let i = 0; i < 50 && (await read()) !== expected; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(await read()).toBe(expected);
    };
    const before = { subscribers: await subscribers(), delivered: await delivered() };
    // Three sockets, one operation: one group executes each event once and sends it three times.
    const sockets = await Promise.all([1, 2, 3].map(() => readySocket(t.server.url)));
    for (const socket of sockets) {
      socket.send({ id: 'feed', type: 'subscribe', payload: { query: 'subscription { postCreated { id } }' } });
    }
    await until(subscribers, before.subscribers + 3);
    await t.server.gql(
      'mutation { createPost(input: { submolt: "general", title: "live" }) { id } }',
      {},
      { key: agent.apiKey },
    );
    for (const socket of sockets) expect((await socket.next()).type).toBe('next');
    expect(await delivered()).toBe(before.delivered + 3);
    for (const socket of sockets) socket.ws.close();
    await until(subscribers, before.subscribers);
  });
});
