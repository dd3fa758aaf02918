/**
 * The raw `ws` baseline: a bare WebSocket server that broadcasts the same bytes to every client.
 * `POST /broadcast` with `{ template, ids, intervalMs }` sends one round per id (round i at i*intervalMs
 * after the request, or back to back with 0): the template with `__EVENT_ID__` replaced by the round's id
 * and `__SENT_AT__` by the time, one Buffer per round shared by every client. Answers `{ sentAt }`: when
 * each round's event was sent (ms since the epoch): at a rate, its scheduled time, so that a round that
 * starts late counts as late, as a late mutation does on MoltBook; in a burst, when it started.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

interface Broadcast {
  template: string;
  ids: string[];
  intervalMs: number;
}

const server = createServer((req, res) => {
  if (req.url === '/health') return void res.writeHead(200).end('ok');
  if (req.url !== '/broadcast' || req.method !== 'POST') return void res.writeHead(404).end();
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', async () => {
    const { template, ids, intervalMs } = JSON.parse(body) as Broadcast;
    const start = Date.now();
    const sentAt: number[] = [];
    for (const [round, id] of ids.entries()) {
      // Each round at its scheduled time (or at once when late), never drifting behind the schedule.
      const wait = start + round * intervalMs - Date.now();
      await new Promise((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
      const now = Date.now();
      sentAt.push(intervalMs > 0 ? start + round * intervalMs : now);
      const bytes = Buffer.from(
        template.replace('__EVENT_ID__', id).replace('__SENT_AT__', new Date(now).toISOString()),
      );
      for (const client of wss.clients) client.send(bytes, { binary: false });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sentAt }));
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
});
