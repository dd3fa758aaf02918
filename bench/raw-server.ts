/**
 * The raw `ws` baseline of the fan-out scenarios: a bare WebSocket server given the same mutations as
 * MoltBook. `POST /graphql` with a `createPost` request writes the post with the very statement MoltBook
 * runs (`createPostSql`, its audit entry included, through `pg`, as `AGENT_ID`), then broadcasts MoltBook's own event message for it
 * (`TEMPLATE`, with `__EVENT_ID__` replaced by the post's global id and `__SENT_AT__` by its time), one
 * Buffer shared by every client, and answers as MoltBook does: `{"data":{"createPost":{"id":...}}}`. So
 * both sides are timed alike, from the mutation sent to the event's arrival, and do the same writes.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import { randomUUID } from 'node:crypto';
import { createPostSql } from '../server/content/posts.js';
import { auditInsertSql } from '../server/write/audit-log.js';

interface CreatePost {
  variables: { input: { submolt: string; title: string; body?: string | null } };
}

const template = process.env.TEMPLATE!;
const agentId = process.env.AGENT_ID!;
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 8 });

async function createPost({ variables: { input } }: CreatePost): Promise<string> {
  const createdAt = new Date();
  const post = {
    agentId,
    submoltName: input.submolt,
    title: input.title,
    body: input.body ?? null,
    url: null,
    createdAt,
  };
  const entry = { agentId, clientAddress: '127.0.0.1', outcome: 'ok' as const, detail: { requestId: randomUUID() } };
  const statement = createPostSql(post, (when) => auditInsertSql({ ...entry, operation: 'createPost' }, when));
  const { rows } = await db.query<{ id: string }>(statement.text, statement.values);
  const id = Buffer.from(`Post:${rows[0]!.id}`).toString('base64');
  const bytes = Buffer.from(template.replace('__EVENT_ID__', id).replace('__SENT_AT__', createdAt.toISOString()));
  for (const client of wss.clients) client.send(bytes, { binary: false });
  return id;
}

const server = createServer((req, res) => {
  if (req.url === '/health') return void res.writeHead(200).end('ok');
  if (req.url !== '/graphql' || req.method !== 'POST') return void res.writeHead(404).end();
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', async () => {
    const id = await createPost(JSON.parse(body) as CreatePost);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { createPost: { id } } }));
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => void db.end().then(() => process.exit(0)));
});
