/**
 * The HTTP throughput baseline: a minimal graphql-yoga server answering `{ hello }` (the schema of the
 * published GraphQL server benchmarks), with nothing else in its pipeline.
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const yoga = createYoga({
  logging: false,
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      type Query {
        hello: String!
      }
    `,
    resolvers: { Query: { hello: () => 'world' } },
  }),
});

const server = createServer((req, res) => {
  if (req.url === '/health') return void res.writeHead(200).end('ok');
  void yoga.requestListener(req, res);
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
