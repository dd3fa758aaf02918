/** A raw `graphql-transport-ws` socket for protocol tests: send any frame, read frames, see the close. */
import WebSocket from 'ws';

export interface RawSocket {
  ws: WebSocket;
  send(message: unknown): void;
  /** The next frame received (parsed), waiting up to `timeoutMs`. */
  next(timeoutMs?: number): Promise<any>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** Frames received so far (read or not). */
  received(): number;
}

/** Opens a socket offering `protocol` (null: no subprotocol at all), with `ws`'s client `options`. */
export async function rawSocket(
  baseUrl: string,
  protocol: string | null = 'graphql-transport-ws',
  options: WebSocket.ClientOptions = {},
): Promise<RawSocket> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/graphql`;
  const ws = protocol === null ? new WebSocket(url, options) : new WebSocket(url, protocol, options);
  const inbox: any[] = [];
  const waiting: Array<(m: any) => void> = [];
  let received = 0;
  ws.on('message', (data) => {
    received += 1;
    const message = JSON.parse(String(data));
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next(timeoutMs = 5000) {
      if (inbox.length) return Promise.resolve(inbox.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message arrived')), timeoutMs);
        waiting.push((m) => {
          clearTimeout(timer);
          resolve(m);
        });
      });
    },
    closed,
    received: () => received,
  };
}

/** A raw socket that has passed `connection_init` and got its ack. */
export async function readySocket(baseUrl: string, payload?: Record<string, unknown>): Promise<RawSocket> {
  const socket = await rawSocket(baseUrl);
  socket.send({ type: 'connection_init', payload });
  const ack = await socket.next();
  if (ack.type !== 'connection_ack') throw new Error(`expected an ack, got ${JSON.stringify(ack)}`);
  return socket;
}
