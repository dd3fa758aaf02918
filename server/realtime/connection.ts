/**
 * One WebSocket connection speaking `graphql-transport-ws` (the graphql-ws protocol), written for the
 * project so that live events can be sent as pre-serialized text (see fanout.ts). Every operation runs
 * through `yoga.getEnveloped`, so it passes the same plugins (auth, limits, masking) as over HTTP.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { CloseCode, MessageType, parseMessage, stringifyMessage, type SubscribePayload } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { buildContext } from '../agents/auth.js';
import { misplacedInConnection } from '../agents/credentials.js';
import { MoltbookError } from '../errors.js';
import type { Services } from '../services.js';
import type { Yoga } from '../context.js';
import type { WriteCoalescer } from './coalesce.js';
import { nextPrefix, type FanoutHub } from './fanout.js';
import { SharedNext, writeNext } from './frames.js';
import type { KeepaliveTiming } from './keepalive.js';
import { runOperation, type OperationOutlet } from './operation.js';

/** Limits of one connection, its keepalive timing included. */
export interface ConnectionLimits extends KeepaliveTiming {
  /** Operations running at once on one connection (default 20). */
  maxOperations: number;
  /** Bytes waiting in the send buffer past which the client is cut off as too slow (default 1 MiB). */
  maxBufferedBytes: number;
  /** Time allowed between opening the socket and `connection_init` (default 3 s). */
  initTimeoutMs: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxOperations: 20,
  maxBufferedBytes: 1 << 20,
  initTimeoutMs: 3000,
  pingIntervalMs: 30_000,
  pongTimeoutMs: 15_000,
};

/** Every message of the protocol is text, Buffers included. */
const TEXT_FRAME = { binary: false } as const;

/** Close code for a client cut off because it does not read fast enough ("try again later"). */
export const SLOW_CONSUMER_CLOSE = 1013;

export interface ConnectionDeps {
  yoga: Yoga;
  services: Services;
  hub: FanoutHub;
  limits: ConnectionLimits;
  request: IncomingMessage;
  /** The TCP socket under the WebSocket, whose writes are coalesced (see coalesce.ts). */
  transport: Duplex;
  coalescer: WriteCoalescer;
  clientAddress: string;
}

export class Connection {
  private initialised = false;
  private acknowledged = false;
  private closed = false;
  private authorization: string | null = null;
  /** Running operations by id, each with the function that stops it. */
  private readonly operations = new Map<string, () => void>();
  private readonly initTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.initTimer = setTimeout(
      () => this.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout'),
      deps.limits.initTimeoutMs,
    );
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return this.close(CloseCode.BadRequest, 'Binary messages are not supported');
      this.onMessage(data.toString('utf8')).catch((error: unknown) => {
        deps.services.log.error({ err: error }, 'websocket message failed');
        this.close(CloseCode.InternalServerError, 'Internal server error');
      });
    });
    socket.on('close', () => this.cleanUp());
    socket.on('error', (error) => deps.services.log.debug({ err: error.message }, 'websocket error'));
  }

  /** Closes the socket with `code` and stops every operation. */
  close(code: number, reason: string): void {
    if (!this.closed && this.socket.readyState === this.socket.OPEN) this.socket.close(code, reason.slice(0, 120));
    this.cleanUp();
  }

  private cleanUp(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.initTimer);
    for (const stop of this.operations.values()) stop();
    this.operations.clear();
  }

  /**
   * True when a message may be written now: the socket is open and its client reads fast enough (one that
   * does not is cut off). The socket is then held for the write coalescer's next flush.
   */
  private writable(): boolean {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return false;
    if (this.socket.bufferedAmount > this.deps.limits.maxBufferedBytes) {
      this.deps.services.log.warn({ clientAddress: this.deps.clientAddress }, 'cut off a slow websocket consumer');
      this.close(SLOW_CONSUMER_CLOSE, 'Slow consumer: too many unread messages');
      // A client that does not read never completes the closing handshake either.
      setTimeout(() => this.socket.terminate(), 1000).unref();
      return false;
    }
    this.deps.coalescer.hold(this.deps.transport);
    return true;
  }

  /** Sends one text message; false when closed or cut off as too slow. */
  private sendMessage(message: string): boolean {
    if (!this.writable()) return false;
    this.socket.send(message, TEXT_FRAME);
    return true;
  }

  /** Sends a live event's `next` message as one frame of three writes (frames.ts). */
  private sendNext(prefix: Buffer, next: SharedNext): boolean {
    if (!this.writable()) return false;
    writeNext(this.deps.transport, prefix, next);
    return true;
  }

  private async onMessage(text: string): Promise<void> {
    let message: ReturnType<typeof parseMessage>;
    try {
      message = parseMessage(text);
    } catch (error) {
      return this.close(CloseCode.BadRequest, error instanceof Error ? error.message : 'Invalid message');
    }
    switch (message.type) {
      case MessageType.ConnectionInit:
        return this.onInit(message.payload);
      case MessageType.Ping:
        this.sendMessage(
          stringifyMessage(
            message.payload ? { type: MessageType.Pong, payload: message.payload } : { type: MessageType.Pong },
          ),
        );
        return;
      case MessageType.Pong:
        return;
      case MessageType.Subscribe:
        return this.onSubscribe(message.id, message.payload);
      case MessageType.Complete: {
        const stop = this.operations.get(message.id);
        this.operations.delete(message.id);
        stop?.();
        return;
      }
      default:
        return this.close(CloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
    }
  }

  private async onInit(payload: Record<string, unknown> | undefined): Promise<void> {
    if (this.initialised)
      return this.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
    this.initialised = true;
    clearTimeout(this.initTimer);
    const authorization = payload?.authorization ?? payload?.Authorization;
    if (authorization !== undefined && authorization !== null && typeof authorization !== 'string') {
      return this.close(CloseCode.BadRequest, 'connectionParams.authorization must be a string');
    }
    try {
      await buildContext(this.deps.services, {
        authorization,
        transport: 'websocket',
        misplaced: misplacedInConnection(payload, this.deps.request.headers),
        operatorToken: null,
        clientAddress: this.deps.clientAddress,
        requestId: randomUUID(),
      });
    } catch (error) {
      if (error instanceof MoltbookError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
        const code = error.code === 'UNAUTHENTICATED' ? CloseCode.Unauthorized : CloseCode.Forbidden;
        return this.close(code, error.message);
      }
      throw error;
    }
    this.authorization = authorization ?? null;
    this.acknowledged = true;
    this.sendMessage(stringifyMessage({ type: MessageType.ConnectionAck }));
  }

  private async onSubscribe(id: string, payload: SubscribePayload): Promise<void> {
    if (!this.acknowledged) return this.close(CloseCode.Unauthorized, 'Unauthorized');
    if (this.operations.has(id))
      return this.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
    const outlet = this.outlet(id);
    if (this.operations.size >= this.deps.limits.maxOperations) {
      return outlet.fail(
        `At most ${this.deps.limits.maxOperations} operations may run at once on one connection.`,
        'RATE_LIMITED',
      );
    }
    let stopped = false;
    let stop = () => {
      stopped = true;
    };
    this.operations.set(id, () => stop());
    const running = await runOperation({
      ...this.deps,
      id,
      payload,
      authorization: this.authorization,
      outlet,
      isStopped: () => stopped || this.closed,
    });
    if (stopped || this.closed) running.stop();
    else stop = running.stop;
  }

  private outlet(id: string): OperationOutlet {
    const prefix = Buffer.from(nextPrefix(id));
    return {
      sendNext: (prefix, next) => this.sendNext(prefix, next),
      drained: () => this.drained(),
      fail: (message, code) =>
        this.fail(id, [{ message, extensions: code === 'RATE_LIMITED' ? { code, retryAfterSeconds: 1 } : { code } }]),
      error: (errors) => this.fail(id, errors),
      complete: () => {
        if (!this.operations.delete(id)) return;
        this.sendMessage(stringifyMessage({ type: MessageType.Complete, id }));
      },
      next: (result: ExecutionResult) => this.sendNext(prefix, new SharedNext(result)),
    };
  }

  private fail(id: string, errors: readonly object[]): void {
    const stop = this.operations.get(id);
    this.operations.delete(id);
    stop?.();
    const payload = errors.map((e) => (e instanceof GraphQLError ? e.toJSON() : e));
    this.sendMessage(JSON.stringify({ id, type: MessageType.Error, payload }));
  }

  private async drained(): Promise<void> {
    while (!this.closed && this.socket.bufferedAmount > this.deps.limits.maxBufferedBytes / 4) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
