/** Service-level fields. */
import { builder } from './builder.js';

builder.queryField('apiVersion', (t) =>
  t.string({
    description: 'Version of the MoltBook API contract this server speaks.',
    resolve: () => '1',
  }),
);

builder.subscriptionField('heartbeat', (t) =>
  t.field({
    type: 'DateTime',
    description: 'The server time, every `seconds` seconds (1-60). Useful to check a live connection.',
    args: { seconds: t.arg.int({ defaultValue: 15 }) },
    subscribe: async function* (_root, { seconds }) {
      const every = Math.min(60, Math.max(1, seconds ?? 15)) * 1000;
      for (;;) {
        yield new Date();
        await new Promise((r) => setTimeout(r, every));
      }
    },
    resolve: (date) => date,
  }),
);
