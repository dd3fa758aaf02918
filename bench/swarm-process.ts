/**
 * A swarm process: WebSocket subscribers on the load generator's CPU, in a process of their own (each
 * process has its own file-descriptor limit, so two swarms of 10,000 sockets can stay open at once).
 * Driven by its parent over the IPC channel: `{ id, method, args }` in, `{ id, result }` or
 * `{ id, error }` out. See swarm.ts for the methods.
 */
import { Subscribers } from './subscribers.js';

const subscribers = new Subscribers();
const methods: Record<string, (...args: never[]) => unknown> = {
  open: subscribers.open.bind(subscribers),
  reset: subscribers.reset.bind(subscribers),
  until: subscribers.until.bind(subscribers),
  summary: subscribers.summary.bind(subscribers),
  sample: () => subscribers.sample,
  close: subscribers.close.bind(subscribers),
};

process.on('message', (message: { id: number; method: string; args: never[] }) => {
  const reply = (body: object) => process.send!({ id: message.id, ...body });
  Promise.resolve()
    .then(() => methods[message.method]!(...message.args))
    .then(
      (result) => reply({ result }),
      (error: unknown) => reply({ error: String((error as Error)?.stack ?? error) }),
    );
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
