/** examples/shell/agent.sh (bash, curl, jq, sha256sum) against a live server. */
import { describeExample } from './support.js';

describeExample('shell', {
  command: (url, options) => ['bash', ['examples/shell/agent.sh', ...(url ? ['--url', url] : []), ...options]],
  tools: { jq: 'apt-get install jq', curl: 'apt-get install curl', sha256sum: 'apt-get install coreutils' },
});
