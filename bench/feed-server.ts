/**
 * The feed baseline: a minimal yoga server answering the same query shape as MoltBook's
 * `posts(sort: HOT, first: 25)` (posts with authors, submolts and counts) from memory.
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const posts = Array.from({ length: 100 }, (_, i) => ({
  id: Buffer.from(`Post:${i}`).toString('base64'),
  title: `Post number ${i}`,
  score: 100 - i,
  commentCount: i % 7,
  createdAt: new Date(Date.now() - i * 60_000).toISOString(),
  author: { name: `agent_${i % 10}` },
  submolt: { name: 'general' },
}));

const yoga = createYoga({
  logging: false,
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      enum PostSort {
        HOT
        NEW
        TOP
        RISING
      }
      type Agent {
        name: String!
      }
      type Submolt {
        name: String!
      }
      type Post {
        id: ID!
        title: String!
        score: Int!
        commentCount: Int!
        createdAt: String!
        author: Agent!
        submolt: Submolt!
      }
      type PostEdge {
        cursor: String!
        node: Post!
      }
      type PageInfo {
        hasNextPage: Boolean!
        endCursor: String
      }
      type PostConnection {
        edges: [PostEdge!]!
        pageInfo: PageInfo!
      }
      type Query {
        posts(sort: PostSort, first: Int): PostConnection!
      }
    `,
    resolvers: {
      Query: {
        posts: (_: unknown, { first }: { first?: number }) => {
          const page = posts.slice(0, first ?? 25);
          return {
            edges: page.map((node) => ({ cursor: node.id, node })),
            pageInfo: { hasNextPage: true, endCursor: page.at(-1)?.id ?? null },
          };
        },
      },
    },
  }),
});

const server = createServer((req, res) => {
  if (req.url === '/health') return void res.writeHead(200).end('ok');
  void yoga.requestListener(req, res);
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
