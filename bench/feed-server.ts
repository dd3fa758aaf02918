/**
 * The feed baseline: a minimal yoga server answering `posts(sort, first, after)` with the same posts as
 * MoltBook, from memory. `FEED_DATA` names a JSON file of MoltBook's own HOT feed edges (cursor and
 * node, in order), so that a page holds the same posts, authors, submolts and opaque cursors, and its
 * JSON is the same size.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

interface Edge {
  cursor: string;
  node: Record<string, unknown>;
}

const edges = JSON.parse(readFileSync(process.env.FEED_DATA!, 'utf8')) as Edge[];
const position = new Map(edges.map((edge, i) => [edge.cursor, i]));

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
        posts(sort: PostSort = HOT, first: Int = 25, after: String): PostConnection!
      }
    `,
    resolvers: {
      Query: {
        posts: (_: unknown, { first, after }: { first: number; after?: string | null }) => {
          const start = after ? (position.get(after) ?? edges.length) + 1 : 0;
          const page = edges.slice(start, start + first);
          return {
            edges: page,
            pageInfo: { hasNextPage: start + first < edges.length, endCursor: page.at(-1)?.cursor ?? null },
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
