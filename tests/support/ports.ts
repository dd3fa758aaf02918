/** Free TCP ports on the loopback interface, chosen by the operating system. */
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port that was free a moment ago (the OS picks it, so parallel test files do not collide). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}
