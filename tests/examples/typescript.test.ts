/** examples/typescript/agent.ts against a live server, including what it receives over the WebSocket. */
import { expect } from 'vitest';
import { describeExample } from './support.js';

describeExample('TypeScript', {
  command: (url, options) => [
    process.execPath,
    ['--import', 'tsx', 'examples/typescript/agent.ts', ...(url ? ['--url', url] : []), ...options],
  ],
  firstRun(output, { name, title }) {
    // Its own post, delivered by the `postCreated` subscription, and its comment by `commentAdded`.
    expect(output).toContain(`[live] new post in general: "${title}" by ${name}`);
    expect(output).toContain(`[live] new comment on "${title}" by ${name}: Checking in at `);
  },
});
