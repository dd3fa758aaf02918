/** HTTP throughput: `{ __typename }` through MoltBook's whole pipeline against a minimal yoga `{ hello }`. */
import { compareHttp, CONNECTIONS } from '../http-compare.js';
import type { Scenario } from '../scenario.js';

export const typename: Scenario = {
  name: 'typename',
  title: `HTTP throughput: { __typename } through MoltBook's pipeline against a minimal yoga { hello }`,
  async run(bench) {
    console.log(`${CONNECTIONS} connections, ${bench.options.seconds} s rounds.\n`);
    const { server } = await bench.moltbook();
    const hello = await bench.start('bench/hello-server.ts', {});
    try {
      const { figures } = await compareHttp(
        'typename',
        {
          label: 'MoltBook { __typename } (every plugin, guard, logging, metrics)',
          load: {
            url: `${server.url}/graphql`,
            request: { body: JSON.stringify({ query: '{ __typename }' }) },
            check: (body) => body === '{"data":{"__typename":"Query"}}',
          },
        },
        {
          label: 'minimal yoga { hello }',
          load: {
            url: `${hello.url}/graphql`,
            request: { body: JSON.stringify({ query: '{ hello }' }) },
            check: (body) => body === '{"data":{"hello":"world"}}',
          },
        },
        bench.options,
      );
      return figures;
    } finally {
      await hello.stop();
    }
  },
};
