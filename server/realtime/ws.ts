/**
 * GraphQL over WebSocket (`graphql-transport-ws`, the graphql-ws protocol) on the HTTP server's
 * `/graphql` path, through the project's own protocol handler (server/realtime/connection.ts) so that
 * live events are executed once per group of alike subscribers and sent as the same bytes to all of
 * them. Operations run through `yoga.getEnveloped`, so they pass the same plugins as HTTP.
 *
 * Caps: connections per client address (lifted by `RATE_LIMITS=off`), operations per connection,
 * frames over 64 KiB (closed with 1009), sockets that never send `connection_init` (4408), clients
 * that stop reading (1013), peers that stop answering pings (dropped, see keepalive.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL } from 'graphql-ws';
import { clientAddressOf } from '../http/client-address.js';
import type { Services } from '../services.js';
import { WriteCoalescer } from './coalesce.js';
import { Connection, DEFAULT_LIMITS, type ConnectionLimits } from './connection.js';
import { FanoutHub } from './fanout.js';
import { keepAlive } from './keepalive.js';
import type { Yoga } from '../context.js';

/** Largest WebSocket frame accepted (bytes). */
export const MAX_WS_PAYLOAD = 64 * 1024;
/** WebSocket connections one client address may hold at once (unless `RATE_LIMITS=off`). */
export const MAX_CONNECTIONS_PER_ADDRESS = 50;

export interface WebSocketHandle {
  /** Closes every socket with 1001 and stops accepting new ones. */
  dispose(): Promise<void>;
  /** Open connections and live groups, for metrics and tests. */
  stats(): { connections: number; groups: number };
}

function refuse(socket: Duplex, status: string, headers: Record<string, string> = {}): void {
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n${extra.join('')}\r\n`);
}

export function attachWebSocket(
  server: Server,
  yoga: Yoga,
  services: Services,
  limits: ConnectionLimits = DEFAULT_LIMITS,
): WebSocketHandle {
  const { config, metrics, log } = services;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WS_PAYLOAD,
    // No extension: live events are framed here, straight onto the socket (frames.ts), which compression would break.
    perMessageDeflate: false,
    handleProtocols: (protocols) =>
      protocols.has(GRAPHQL_TRANSPORT_WS_PROTOCOL) ? GRAPHQL_TRANSPORT_WS_PROTOCOL : false,
  });
  const hub = new FanoutHub(services);
  const coalescer = new WriteCoalescer();
  const perAddress = new Map<string, number>();
  const connections = new Set<Connection>();
  let stopping = false;

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/graphql') return refuse(socket, '404 Not Found');
    if (stopping) return refuse(socket, '503 Service Unavailable');
    const clientAddress = clientAddressOf(request, config.trustProxy);
    const open = perAddress.get(clientAddress) ?? 0;
    if (config.rateLimits && open >= MAX_CONNECTIONS_PER_ADDRESS) {
      return refuse(socket, '429 Too Many Requests', { 'Retry-After': '10' });
    }
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      perAddress.set(clientAddress, (perAddress.get(clientAddress) ?? 0) + 1);
      const transport = socket;
      const connection = new Connection(ws, {
        yoga,
        services,
        hub,
        limits,
        request,
        transport,
        coalescer,
        clientAddress,
      });
      connections.add(connection);
      metrics.websocketOpened();
      const stopPinging = keepAlive(ws, limits, () =>
        log.debug({ clientAddress }, 'dropped a websocket that stopped answering pings'),
      );
      ws.once('close', () => {
        stopPinging();
        metrics.websocketClosed();
        connections.delete(connection);
        const left = (perAddress.get(clientAddress) ?? 1) - 1;
        if (left > 0) perAddress.set(clientAddress, left);
        else perAddress.delete(clientAddress);
      });
      if (ws.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
        connection.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      }
    });
  });

  return {
    async dispose() {
      stopping = true;
      services.liveStreams.endAll();
      for (const connection of connections) connection.close(1001, 'Server shutting down');
      await hub.dispose();
      const deadline = Date.now() + 2000;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      log.debug('websocket server closed');
    },
    stats: () => ({ connections: connections.size, groups: hub.size }),
  };
}
