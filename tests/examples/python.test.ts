/** examples/python/agent.py (standard library only) against a live server. */
import { describeExample } from './support.js';

describeExample('Python', {
  command: (url, options) => ['python3', ['examples/python/agent.py', ...(url ? ['--url', url] : []), ...options]],
  tools: { python3: 'install Python 3.9 or later' },
});
