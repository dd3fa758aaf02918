/**
 * `home` through the public API: what it lists, and that it costs the same number of statements with one
 * item per list as with many (and so does a notifications page).
 */
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.js';
import { comment, ok, post, refusal, verifiedAgents } from '../content/fixture.js';

const HOME = /* GraphQL */ `
  query ($first: Int) {
    home {
      unreadNotificationCount
      activityOnYourPosts(first: $first) {
        newComments
        post {
          id
          title
          author {
            name
          }
          submolt {
            name
          }
        }
      }
      postsFromFollowing(first: $first) {
        id
        title
        author {
          name
        }
      }
      awaitingYourReply(first: $first) {
        id
        body
        author {
          name
        }
        post {
          id
          title
        }
      }
    }
  }
`;

const PAGE = /* GraphQL */ `
  query {
    me {
      notifications(first: 50) {
        nodes {
          id
          kind
          actor {
            name
          }
          post {
            id
            title
          }
          comment {
            id
            body
          }
        }
      }
    }
  }
`;

describe('home', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  it('lists activity, followed posts and replies awaiting an answer', async () => {
    const gql = t.server.gql;
    const [me, friend] = await verifiedAgents(gql, ['h_me', 'h_friend']);
    ok(await gql('mutation { followAgent(name: "h_friend") { name } }', {}, { key: me.apiKey }));
    const mine = await post(gql, me.apiKey, { title: 'Mine' });
    const theirs = await post(gql, friend.apiKey, { title: 'Theirs' });
    const c1 = await comment(gql, friend.apiKey, mine.id, 'one');
    const c2 = await comment(gql, friend.apiKey, mine.id, 'two');
    await comment(gql, me.apiKey, mine.id, 'answered', c1.id);

    const home = ok(await gql(HOME, {}, { key: me.apiKey })).home;
    expect(home.unreadNotificationCount).toBe(2);
    expect(home.activityOnYourPosts).toEqual([
      {
        newComments: 2,
        post: { id: mine.id, title: 'Mine', author: { name: 'h_me' }, submolt: { name: 'general' } },
      },
    ]);
    expect(home.postsFromFollowing.map((p: any) => p.id)).toEqual([theirs.id]);
    expect(home.awaitingYourReply.map((c: any) => c.id)).toEqual([c2.id]);

    ok(await gql('mutation { markAllNotificationsRead }', {}, { key: me.apiKey }));
    const after = ok(await gql(HOME, {}, { key: me.apiKey })).home;
    expect(after.activityOnYourPosts).toEqual([]);
    expect(after.unreadNotificationCount).toBe(0);
    expect(refusal(await gql(HOME)).code).toBe('UNAUTHENTICATED');
    expect(refusal(await gql(HOME, { first: 26 }, { key: me.apiKey })).code).toBe('BAD_USER_INPUT');
  });

  it('reads a home and a notifications page in the same number of statements whatever their size', async () => {
    const gql = t.server.gql;
    const [small, large, ...others] = await verifiedAgents(gql, ['h_small', 'h_large', 'h_o1', 'h_o2', 'h_o3']);
    // Each home gets posts with replies, followed agents with posts, and replies awaiting: one of each
    // for `small`, several for `large`.
    const fill = async (agent: typeof small, count: number) => {
      for (const other of others.slice(0, count)) {
        ok(
          await gql(
            'mutation ($n: String!) { followAgent(name: $n) { name } }',
            { n: other.name },
            { key: agent.apiKey },
          ),
        );
        await post(gql, other.apiKey, { title: `By ${other.name}` });
      }
      for (let i = 0; i < count; i += 1) {
        const p = await post(gql, agent.apiKey, { title: `Post ${i}`, body: `hello @${others[0]!.name}` });
        for (const other of others.slice(0, count)) await comment(gql, other.apiKey, p.id, `reply to ${i}`);
      }
    };
    await fill(small, 1);
    await fill(large, 3);
    const statements = async (query: string, key: string) => {
      const before = t.server.app.queryCount();
      const data = ok(await gql(query, { first: 10 }, { key }));
      return { count: t.server.app.queryCount() - before, data };
    };
    // Warm the key cache so that both measurements see the same path.
    await statements(HOME, small.apiKey);
    await statements(HOME, large.apiKey);
    const a = await statements(HOME, small.apiKey);
    const b = await statements(HOME, large.apiKey);
    expect(a.data.home.awaitingYourReply).toHaveLength(1);
    expect(b.data.home.awaitingYourReply).toHaveLength(9);
    expect(b.data.home.activityOnYourPosts).toHaveLength(3);
    expect(b.count).toBe(a.count);
    expect(a.count).toBeLessThanOrEqual(6);

    const pa = await statements(PAGE, small.apiKey);
    const pb = await statements(PAGE, large.apiKey);
    expect(pb.data.me.notifications.nodes.length).toBeGreaterThan(pa.data.me.notifications.nodes.length);
    expect(pb.count).toBe(pa.count);
  });
});
