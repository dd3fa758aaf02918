/**
 * The raw `ws` baseline: a bare WebSocket server that broadcasts the same bytes to every client.
 * `POST /broadcast?count=K&intervalMs=M` with a message template in the body sends K rounds (round i
 * at i*M ms after the request), the
 * template's `__SENT_AT__` replaced by the time of each round (one Buffer per round, shared by all).
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/health') return void res.writeHead(200).end('ok');
  if (url.pathname !== '/broadcast' || req.method !== 'POST') return void res.writeHead(404).end();
  let template = '';
  req.on('data', (d) => (template += d));
  req.on('end', async () => {
    const count = Number(url.searchParams.get('count') ?? 1);
    const intervalMs = Number(url.searchParams.get('intervalMs') ?? 0);
    const start = Date.now();
    for (let round = 0; round < count; round += 1) {
      // Each round at its scheduled time (or at once when late), never drifting behind the schedule.
      const wait = start + round * intervalMs - Date.now();
      await new Promise((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
      const bytes = Buffer.from(
        template.replace('__SENT_AT__', new Date().toISOString()).replace('__ROUND__', String(round)),
      );
      for (const client of wss.clients) client.send(bytes, { binary: false });
    }
    res.writeHead(200).end('done');
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
});
