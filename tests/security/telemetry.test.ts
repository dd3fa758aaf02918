/**
 * What operators see: operation latency on /metrics (a histogram by operation and type, with labels
 * bounded by the schema), an access log line for every non-GraphQL request, yoga's own log lines with
 * their objects, and /metrics kept off the public port (METRICS_PORT) or behind a token (METRICS_TOKEN).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { createLogger, yogaLogging } from '../../server/infra/log.js';
import { createTestDatabase } from '../support/db.js';
import { startServer, useTestServer, type TestServer } from '../support/server.js';
import { readySocket } from '../realtime/raw.js';

/** A log destination that keeps the lines it gets. */
function logSink() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).trim().split('\n')) lines.push(JSON.parse(line));
      done();
    },
  });
  return { stream, lines };
}

const TOKEN = 'metrics-token-0123456789abcdefghijklmnop';

describe('operation latency on /metrics', () => {
  const t = useTestServer();

  it('has a duration histogram by operation (root fields, never the client-chosen name) and type', async () => {
    await t.server.gql('query ClientChosenName { posts(first: 1) { nodes { id } } }');
    await t.server.gql('mutation { createPost(input: { submolt: "general", title: "x" }) { id } }');
    const socket = await readySocket(t.server.url);
    socket.send({ id: 'q', type: 'subscribe', payload: { query: '{ stats { posts } }' } });
    expect((await socket.next()).type).toBe('next');
    socket.ws.close();
    const text = await (await fetch(`${t.server.url}/metrics`)).text();
    const count = (labels: string) =>
      Number(
        new RegExp(`^moltbook_graphql_operation_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1],
      );
    expect(count('operation="posts",type="query"')).toBe(1);
    expect(count('operation="createPost",type="mutation"')).toBe(1);
    expect(count('operation="stats",type="query"')).toBe(1);
    expect(text).toMatch(
      /^moltbook_graphql_operation_duration_seconds_bucket\{le="\+Inf",operation="posts",type="query"\} 1$/m,
    );
    expect(text).toContain('# TYPE moltbook_graphql_operation_duration_seconds histogram');
    expect(text).not.toContain('ClientChosenName');
  });
});

describe('logs', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: TestServer;
  const sink = logSink();

  beforeAll(async () => {
    db = await createTestDatabase();
    // debug: successful reads are logged at debug (writes and refusals at info).
    server = await startServer({ DATABASE_URL: db.url, LOG_LEVEL: 'debug' }, { logDestination: sink.stream });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('writes one access line per non-GraphQL request: method, path without its query, status, ms', async () => {
    await fetch(`${server.url}/health?secret=s3cr3t`);
    await fetch(`${server.url}/no/such/file.js`, { method: 'HEAD' });
    await server.gql('{ apiVersion }');
    const access = sink.lines.filter((line) => line.msg === 'http request');
    expect(access.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'GET', path: '/health', status: 200 },
      { method: 'HEAD', path: '/no/such/file.js', status: 404 },
    ]);
    for (const line of access) expect(line.ms).toBeTypeOf('number');
    expect(JSON.stringify(sink.lines)).not.toContain('s3cr3t');
    // GraphQL requests have their own line, by operation.
    expect(sink.lines.some((line) => line.msg === 'graphql operation' && line.operation === 'apiVersion')).toBe(true);
  });

  it("passes yoga's log arguments on as fields: an error with its stack, other objects as details", () => {
    const captured = logSink();
    const yoga = yogaLogging(createLogger('debug', captured.stream));
    yoga.error(new Error('it broke'));
    yoga.debug('Processing GraphQL Parameters', { phase: 'parse', size: 3 });
    yoga.warn({ code: 'ODD' });
    const [error, debug, warn] = captured.lines;
    expect(error).toMatchObject({ level: 50, msg: 'it broke', err: { message: 'it broke' } });
    expect(error!.err.stack).toContain('telemetry.test.ts');
    expect(debug).toMatchObject({
      level: 20,
      msg: 'Processing GraphQL Parameters',
      details: { phase: 'parse', size: 3 },
    });
    expect(warn).toMatchObject({ level: 40, details: { code: 'ODD' } });
    expect(JSON.stringify(captured.lines)).not.toContain('[object Object]');
  });
});

describe('METRICS_TOKEN', () => {
  const t = useTestServer({ METRICS_TOKEN: TOKEN });
  const scrape = (authorization?: string) =>
    fetch(`${t.server.url}/metrics`, { headers: authorization ? { authorization } : {} });

  it('serves /metrics only with the token as a bearer credential', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token', TOKEN, `Basic ${TOKEN}`]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain('moltbook_');
    }
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('moltbook_graphql_operations_total');
  });
});

describe('METRICS_PORT', () => {
  const t = useTestServer({ METRICS_PORT: '0' });

  it('serves /metrics on its own listener and not on the public port', async () => {
    const { metricsPort } = t.server;
    expect(metricsPort).toBeTypeOf('number');
    expect(metricsPort).not.toBe(t.server.port);
    expect((await fetch(`${t.server.url}/metrics`)).status).toBe(404);
    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('moltbook_db_up');
    // Nothing else is served there.
    expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql?query={apiVersion}`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/`)).status).toBe(404);
  });
});

describe('configuration', () => {
  it.each([
    [{ METRICS_TOKEN: 'short' }, /^Invalid configuration: METRICS_TOKEN must be at least 32 characters/],
    [{ METRICS_PORT: 'abc' }, /^Invalid configuration: METRICS_PORT must be a port number/],
    [{ METRICS_PORT: '4000' }, /^Invalid configuration: METRICS_PORT must differ from PORT/],
    [{ PORT: '8080', METRICS_PORT: '8080' }, /^Invalid configuration: METRICS_PORT must differ from PORT/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
