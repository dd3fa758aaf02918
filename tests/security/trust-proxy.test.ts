/**
 * `TRUST_PROXY`: the client's address is the rightmost `X-Forwarded-For` entry that is not a trusted
 * proxy, for HTTP and WebSocket alike, so that entries a client writes itself never change which
 * address the per-address limits count.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressOf } from '../../server/http/client-address.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { RATE_RULES } from '../../server/ratelimit/rules.js';
import { useTestServer } from '../support/server.js';
import { REGISTER, uniqueName } from '../support/agents.js';
import { rawSocket } from '../realtime/raw.js';

/** A request as Node hands it over: the peer's address and the header. */
function request(peer: string, forwardedFor?: string): IncomingMessage {
  const socket = { remoteAddress: peer };
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { headers, socket, connection: socket } as unknown as IncomingMessage;
}

const addressWith = (trustProxy: string, peer: string, forwardedFor?: string) =>
  clientAddressOf(request(peer, forwardedFor), loadConfig({ TRUST_PROXY: trustProxy }).trustProxy);

describe('TRUST_PROXY values', () => {
  it('off (the default) ignores the header', () => {
    expect(clientAddressOf(request('203.0.113.9', '1.1.1.1'), loadConfig({}).trustProxy)).toBe('203.0.113.9');
    expect(addressWith('off', '203.0.113.9', '1.1.1.1')).toBe('203.0.113.9');
  });

  it('on trusts a proxy on this machine or a private network, and takes the entry it appended', () => {
    expect(addressWith('on', '127.0.0.1', 'forged, 198.51.100.7')).toBe('198.51.100.7');
    expect(addressWith('on', '::ffff:10.1.2.3', '198.51.100.7')).toBe('198.51.100.7');
    expect(addressWith('on', '10.0.0.2', 'forged, 198.51.100.7, 192.168.1.4')).toBe('198.51.100.7');
    // A public peer is not a proxy of ours: what it writes is not read.
    expect(addressWith('on', '203.0.113.9', '198.51.100.7')).toBe('203.0.113.9');
    expect(addressWith('on', '127.0.0.1')).toBe('127.0.0.1');
  });

  it('a number trusts that many hops, whoever they are', () => {
    expect(addressWith('1', '203.0.113.9', 'forged, 198.51.100.7')).toBe('198.51.100.7');
    expect(addressWith('2', '203.0.113.9', 'forged, 198.51.100.7, 203.0.113.10')).toBe('198.51.100.7');
    // Fewer entries than hops: the leftmost one there is.
    expect(addressWith('3', '203.0.113.9', '198.51.100.7')).toBe('198.51.100.7');
  });

  it('a list trusts exactly those addresses and ranges', () => {
    const trust = '203.0.113.0/24, 2001:db8::1';
    expect(addressWith(trust, '203.0.113.9', 'forged, 198.51.100.7, 203.0.113.10')).toBe('198.51.100.7');
    expect(addressWith(trust, '2001:db8::1', 'forged, 198.51.100.7')).toBe('198.51.100.7');
    expect(addressWith(trust, '127.0.0.1', 'forged, 198.51.100.7')).toBe('127.0.0.1');
    expect(addressWith('loopback', '::1', 'forged, 198.51.100.7')).toBe('198.51.100.7');
  });

  it.each(['yes', 'true', '-1', '1.5', '10.0.0.300', '10.0.0.0/33', 'loopback, nonsense', ','])(
    'refuses %j with an error naming TRUST_PROXY and what it accepts',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^Invalid configuration: TRUST_PROXY .*hops.*CIDR/);
    },
  );
});

describe('behind a proxy that appends (TRUST_PROXY=on)', () => {
  const t = useTestServer({ TRUST_PROXY: 'on', RATE_LIMITS: 'on' });
  const limit = RATE_RULES.registerAgent.limit;

  const register = (forwardedFor: string) =>
    t.server.gql(
      REGISTER,
      { input: { name: uniqueName('proxied') } },
      { headers: { 'x-forwarded-for': forwardedFor } },
    );

  it('counts registrations per real client, whatever the client writes in the header', async () => {
    for (let i = 0; i < limit; i += 1) {
      const result = await register(`198.18.0.${i}, 198.51.100.7`);
      expect(result.errors).toBeUndefined();
    }
    const forged = await register('198.18.1.1, 198.51.100.7');
    expect(forged.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Another client behind the same proxy has its own budget.
    expect((await register('198.18.1.1, 198.51.100.8')).errors).toBeUndefined();
  });

  it('reads the same address for a WebSocket, however the client fills the header', async () => {
    const socket = await rawSocket(t.server.url, 'graphql-transport-ws', {
      headers: { 'x-forwarded-for': '198.18.2.2, 198.51.100.7' },
    });
    socket.send({ type: 'connection_init' });
    expect((await socket.next()).type).toBe('connection_ack');
    socket.send({
      id: 'r',
      type: 'subscribe',
      payload: { query: REGISTER, variables: { input: { name: uniqueName('proxied_ws') } } },
    });
    const answer = await socket.next();
    expect(answer.payload.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    socket.ws.close();
  });
});
