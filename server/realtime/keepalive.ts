/**
 * WebSocket keepalive. A client that vanishes without a close frame (a closed laptop lid, a dropped NAT
 * mapping) leaves a socket that looks open for hours; the server pings every socket (WebSocket ping
 * frames, which clients answer on their own, browsers included) and drops one whose pong does not come
 * back in time, which frees everything the connection held through its ordinary `close` handling.
 */
import type { WebSocket } from 'ws';

export interface KeepaliveTiming {
  /** Time between two pings (default 30 s). */
  readonly pingIntervalMs: number;
  /** Time a pong may take before the peer is taken for gone (default 15 s). */
  readonly pongTimeoutMs: number;
}

/**
 * Pings `socket` every `pingIntervalMs`; when a pong is more than `pongTimeoutMs` late, calls `onGone`
 * and terminates the socket (no closing handshake: nobody is there to answer it). Returns the function
 * that stops pinging, to call when the socket closes.
 */
export function keepAlive(socket: WebSocket, timing: KeepaliveTiming, onGone: () => void): () => void {
  let overdue: NodeJS.Timeout | undefined;
  const answered = () => {
    clearTimeout(overdue);
    overdue = undefined;
  };
  socket.on('pong', answered);
  const pinger = setInterval(() => {
    if (overdue) return;
    socket.ping();
    overdue = setTimeout(() => {
      onGone();
      socket.terminate();
    }, timing.pongTimeoutMs);
  }, timing.pingIntervalMs);
  return () => {
    clearInterval(pinger);
    answered();
    socket.off('pong', answered);
  };
}
