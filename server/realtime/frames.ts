/**
 * WebSocket text frames for the fan-out, written straight to the TCP socket under a `ws` WebSocket.
 * A live event's `next` message is the subscriber's own prefix, `{"id":<id>,"type":"next","payload":`,
 * then the serialized result and `}`, the same for every subscriber. It goes out as three writes, the
 * frame header, the prefix and the shared tail, which the socket's cork (coalesce.ts) joins into one
 * `writev`: nothing is allocated or copied per subscriber. Joining them and sending the message through
 * `ws.send` allocated and copied it per subscriber, and `ws` a header beside it: at 10,000 subscribers
 * that was about a sixth of a delivery's CPU, and most of the garbage collector's.
 *
 * `ws` writes a message it sends to the same socket at once (no extension is negotiated, and nothing
 * here sends a Blob or a fragment), so frames written here and messages sent through `ws` keep their order.
 */
import type { Duplex } from 'node:stream';

/** Opcode byte of a final text frame (FIN set, opcode 1). */
const FINAL_TEXT = 0x81;

/** The header of an unmasked, final text frame (RFC 6455, section 5.2) carrying `length` bytes. */
export function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([FINAL_TEXT, length]);
  if (length < 0x10000) return Buffer.from([FINAL_TEXT, 126, length >> 8, length & 0xff]);
  const header = Buffer.alloc(10);
  header[0] = FINAL_TEXT;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** What every subscriber's `next` message for one event ends with, serialized once. */
export class SharedNext {
  /** The serialized result and the `}` that closes the message. */
  readonly tail: Buffer;
  /** Frame headers by prefix length: the prefixes of ids of one length share one. */
  private readonly headers = new Map<number, Buffer>();

  constructor(result: unknown) {
    this.tail = Buffer.from(JSON.stringify(result) + '}');
  }

  /** The frame header of the message that starts with a prefix of `prefixLength` bytes. */
  header(prefixLength: number): Buffer {
    let header = this.headers.get(prefixLength);
    if (!header) this.headers.set(prefixLength, (header = textFrameHeader(prefixLength + this.tail.length)));
    return header;
  }
}

/** Writes the `next` message that starts with `prefix` and ends with `next` to `socket`, as one frame. */
export function writeNext(socket: Duplex, prefix: Buffer, next: SharedNext): void {
  socket.write(next.header(prefix.length));
  socket.write(prefix);
  socket.write(next.tail);
}
