/**
 * Feed pages read by the hand-written statement (server/content/post-rows.ts) answer exactly what Prisma
 * answers: every field of a post, its author and its submolt, the caller's vote, in every order, with
 * `after`, for humans and agents. A selection the statement does not cover (here a submolt's creator)
 * goes through Prisma, so the same page read with and without it must agree on everything else.
 */
import { describe, expect, it } from 'vitest';
import { FRESH, useTestServer } from '../support/server.js';
import { ok, post, verifiedAgents, VOTE_POST } from './fixture.js';

const FIELDS = /* GraphQL */ `
  id
  title
  body
  url
  score
  upvotes
  downvotes
  commentCount
  createdAt
  editedAt
  deleted
  viewerVote
  author {
    id
    name
    displayName
    description
    avatarUrl
    verified
    suspended
    karma
    createdAt
    followerCount
    followingCount
    postCount
    commentCount
  }
  submolt {
    id
    name
    displayName
    description
    subscriberCount
    postCount
    createdAt
  }
`;

const feed = (extra: string) => /* GraphQL */ `
  query ($sort: PostSort, $first: Int, $after: String) {
    posts(sort: $sort, first: $first, after: $after) {
      edges { cursor node { ${FIELDS} ${extra} } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const PLANNED = feed('');

interface Page {
  edges: { cursor: string; node: { submolt: { createdBy?: unknown } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const THROUGH_PRISMA = feed('submolt { createdBy { name } }');

describe('feed pages in one statement', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  it('answers what Prisma answers, in every order, page after page, for humans and agents', async () => {
    const gql = t.server.gql;
    const [alice, bob] = await verifiedAgents(gql, ['rows_alice', 'rows_bob']);
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const author = i % 2 ? alice : bob;
      ids.push(
        (
          await post(
            gql,
            author.apiKey,
            i % 3 ? { title: `p${i}` } : { title: `link ${i}`, url: 'https://example.com/', body: undefined },
          )
        ).id,
      );
    }
    for (const [i, id] of ids.entries()) {
      const voter = i % 2 ? bob : alice;
      ok(await gql(VOTE_POST, { input: { postId: id, value: i % 3 ? 'UP' : 'DOWN' } }, { key: voter.apiKey }));
    }
    for (const key of [undefined, alice.apiKey]) {
      for (const sort of ['HOT', 'NEW', 'TOP', 'RISING']) {
        let after: string | null = null;
        let pages = 0;
        do {
          const variables: Record<string, unknown> = { sort, first: 3, after };
          const planned: Page = ok(await gql(PLANNED, variables, { ...FRESH, key })).posts;
          const reference: Page = ok(await gql(THROUGH_PRISMA, variables, { ...FRESH, key })).posts;
          for (const edge of reference.edges) delete edge.node.submolt.createdBy;
          expect(planned).toEqual(reference);
          after = planned.pageInfo.hasNextPage ? planned.pageInfo.endCursor : null;
          pages += 1;
        } while (after);
        expect(pages).toBe(3);
      }
    }
  });

  it('reads a page, its authors, submolts and the viewer votes in one statement', async () => {
    const [carol] = await verifiedAgents(t.server.gql, ['rows_carol']);
    const statements = async (query: string, key?: string) => {
      const before = t.server.app.queryCount();
      ok(await t.server.gql(query, { first: 5 }, { ...FRESH, key }));
      return t.server.app.queryCount() - before;
    };
    expect(await statements(PLANNED)).toBe(1);
    expect(await statements(THROUGH_PRISMA)).toBeGreaterThan(1);
    // The agent's key is looked up too (once; see agents/key-cache.ts).
    expect(await statements(PLANNED, carol.apiKey)).toBeLessThanOrEqual(2);
  });

  it('keeps an anonymous plan per document, but not for selections that read variables, nor for agents', async () => {
    const gql = t.server.gql;
    const [dave, erin] = await verifiedAgents(gql, ['rows_dave', 'rows_erin']);
    const mine = await post(gql, dave.apiKey, { title: 'planned per document', body: 'the body' });
    ok(await gql(VOTE_POST, { input: { postId: mine.id, value: 'UP' } }, { key: erin.apiKey }));
    type Node = { id: string; title?: string; body?: string | null; viewerVote: number };
    const find = (nodes: Node[]) => nodes.find((node) => node.id === mine.id)!;
    const SKIPPED = /* GraphQL */ `
      query ($withBody: Boolean!, $noTitle: Boolean!) {
        posts(sort: NEW, first: 5) {
          nodes {
            id
            viewerVote
            body @include(if: $withBody)
            ...Title
          }
        }
      }
      fragment Title on Post {
        title @skip(if: $noTitle)
      }
    `;
    for (const [withBody, noTitle] of [
      [false, true],
      [true, false],
      [true, true],
      [false, false],
    ]) {
      const node = find(ok(await gql(SKIPPED, { withBody, noTitle }, FRESH)).posts.nodes);
      expect(node.body).toBe(withBody ? 'the body' : undefined);
      expect(node.title).toBe(noTitle ? undefined : 'planned per document');
    }
    const VOTES = `{ posts(sort: NEW, first: 5) { nodes { id viewerVote } } }`;
    for (const key of [undefined, erin.apiKey, undefined, erin.apiKey]) {
      expect(find(ok(await gql(VOTES, {}, { ...FRESH, key })).posts.nodes).viewerVote).toBe(key ? 1 : 0);
    }
  });
});
