/**
 * Notifications through the public API: replies, mentions and new followers create them in the same
 * write; `me { notifications }` pages them; marking read; and `notificationAdded` reaches its recipient
 * alone over WebSocket; moderation actions notify the agent they are about, with the reason.
 */
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.js';
import { comment, ok, post, refusal, verifiedAgents } from '../content/fixture.js';
import { record, subscriptionsFrom, wsClient } from '../realtime/support.js';
import { BAN, ownedSubmolt, REMOVE_COMMENT, REMOVE_POST } from '../moderation/support.js';

const NOTIFICATIONS = /* GraphQL */ `
  query ($unreadOnly: Boolean, $first: Int, $after: String) {
    me {
      unreadNotificationCount
      notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          kind
          read
          note
          actor {
            name
          }
          post {
            id
          }
          comment {
            id
          }
        }
      }
    }
  }
`;

describe('notifications', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  const mine = async (key: string, variables: Record<string, unknown> = {}) =>
    ok(await t.server.gql(NOTIFICATIONS, variables, { key })).me;

  it('notifies replies, mentions and followers, newest first, and pages them', async () => {
    const gql = t.server.gql;
    const [author, replier, other] = await verifiedAgents(gql, ['n_author', 'n_replier', 'n_other']);
    const target = await post(gql, author.apiKey, { title: 'Notify me' });
    const top = await comment(gql, replier.apiKey, target.id, 'First!');
    const reply = await comment(gql, author.apiKey, target.id, 'Thanks', top.id);
    await comment(gql, author.apiKey, target.id, 'My own comment notifies nobody');
    const mention = await post(gql, other.apiKey, {
      title: 'Hi',
      body: 'Ask @N_AUTHOR and @n_replier, not a@n_other.x',
    });
    ok(await gql('mutation { followAgent(name: "n_author") { name } }', {}, { key: other.apiKey }));
    // Following again after unfollowing announces nothing new the same day.
    ok(await gql('mutation { unfollowAgent(name: "n_author") { name } }', {}, { key: other.apiKey }));
    ok(await gql('mutation { followAgent(name: "n_author") { name } }', {}, { key: other.apiKey }));

    const authorView = await mine(author.apiKey);
    expect(authorView.unreadNotificationCount).toBe(3);
    expect(authorView.notifications.nodes.map((n: any) => [n.kind, n.actor?.name, n.post?.id, n.comment?.id])).toEqual([
      ['FOLLOW', 'n_other', undefined, undefined],
      ['MENTION', 'n_other', mention.id, undefined],
      ['REPLY', 'n_replier', target.id, top.id],
    ]);
    const replierView = await mine(replier.apiKey);
    expect(replierView.notifications.nodes.map((n: any) => [n.kind, n.comment?.id])).toEqual([
      ['MENTION', undefined],
      ['REPLY', reply.id],
    ]);
    expect((await mine(other.apiKey)).unreadNotificationCount).toBe(0);

    const first = (await mine(author.apiKey, { first: 2 })).notifications;
    expect(first.nodes).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await mine(author.apiKey, { first: 2, after: first.pageInfo.endCursor })).notifications;
    expect(second.nodes.map((n: any) => n.kind)).toEqual(['REPLY']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('marks read, one, per post or all, and keeps them private', async () => {
    const gql = t.server.gql;
    const [a, b] = await verifiedAgents(gql, ['n_reader', 'n_writer']);
    const p1 = await post(gql, a.apiKey, { title: 'One' });
    const p2 = await post(gql, a.apiKey, { title: 'Two' });
    await comment(gql, b.apiKey, p1.id, 'c1');
    await comment(gql, b.apiKey, p1.id, 'c2');
    await comment(gql, b.apiKey, p2.id, 'c3');
    const [newest] = (await mine(a.apiKey)).notifications.nodes;

    const MARK = 'mutation ($id: ID!) { markNotificationRead(id: $id) { id read } }';
    expect(refusal(await gql(MARK, { id: newest.id }, { key: b.apiKey })).code).toBe('NOT_FOUND');
    expect(
      refusal(await gql('query ($id: ID!) { node(id: $id) { id } }', { id: newest.id }, { key: b.apiKey })).code,
    ).toBe('FORBIDDEN');
    expect(
      refusal(await gql(`query { agent(name: "n_reader") { notifications { nodes { id } } } }`, {}, { key: b.apiKey }))
        .code,
    ).toBe('FORBIDDEN');
    expect(refusal(await gql('{ me { unreadNotificationCount } }')).data?.me).toBeNull();
    expect(refusal(await gql(MARK, { id: newest.id })).code).toBe('UNAUTHENTICATED');

    expect(ok(await gql(MARK, { id: newest.id }, { key: a.apiKey })).markNotificationRead).toEqual({
      id: newest.id,
      read: true,
    });
    expect((await mine(a.apiKey)).unreadNotificationCount).toBe(2);
    const PER_POST = 'mutation ($p: ID) { markAllNotificationsRead(postId: $p) }';
    expect(ok(await gql(PER_POST, { p: p1.id }, { key: a.apiKey })).markAllNotificationsRead).toBe(2);
    expect((await mine(a.apiKey, { unreadOnly: true })).notifications.nodes).toHaveLength(0);
    await comment(gql, b.apiKey, p2.id, 'c4');
    expect((await mine(a.apiKey, { unreadOnly: true })).notifications.nodes).toHaveLength(1);
    expect(ok(await gql(PER_POST, {}, { key: a.apiKey })).markAllNotificationsRead).toBe(1);
    expect((await mine(a.apiKey)).unreadNotificationCount).toBe(0);
  });

  it('delivers notificationAdded to its recipient only, over WebSocket', async () => {
    const gql = t.server.gql;
    const [alice, bob, carol] = await verifiedAgents(gql, ['n_alice', 'n_bob', 'n_carol']);
    const alicePost = await post(gql, alice.apiKey, { title: "Alice's" });
    const bobPost = await post(gql, bob.apiKey, { title: "Bob's" });
    const SUB = 'subscription { notificationAdded { kind actor { name } post { id } } }';
    const started = await subscriptionsFrom(t.server.url);
    const aliceClient = wsClient(t.server.url, { key: alice.apiKey });
    const bobClient = wsClient(t.server.url, { key: bob.apiKey });
    const humanClient = wsClient(t.server.url);
    const forAlice = record(aliceClient, SUB);
    const forBob = record(bobClient, SUB);
    const forHuman = record(humanClient, SUB);
    await started(2);
    try {
      await comment(gql, carol.apiKey, alicePost.id, 'to alice');
      await comment(gql, carol.apiKey, bobPost.id, 'to bob');
      await comment(gql, carol.apiKey, alicePost.id, 'to alice again');
      const got = await forAlice.until(2);
      expect(got.map((r) => r.data?.notificationAdded)).toEqual([
        { kind: 'REPLY', actor: { name: 'n_carol' }, post: { id: alicePost.id } },
        { kind: 'REPLY', actor: { name: 'n_carol' }, post: { id: alicePost.id } },
      ]);
      const bobs = await forBob.until(1);
      expect(bobs[0]!.data?.notificationAdded.post.id).toBe(bobPost.id);
      // Alice's third event came after Bob's only one: had Bob been sent Alice's, it would be here.
      expect(forBob.results).toHaveLength(1);
      await forHuman.completed;
      expect(forHuman.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    } finally {
      forAlice.stop();
      forBob.stop();
      await Promise.all([aliceClient.dispose(), bobClient.dispose(), humanClient.dispose()]);
    }
  });

  it('notifies an author of a moderator removing its post and comment, and a banned agent, with the reasons, live', async () => {
    const gql = t.server.gql;
    const [owner, author] = await verifiedAgents(gql, ['n_modowner', 'n_modauthor']);
    await ownedSubmolt(gql, owner.apiKey, 'n-modded');
    const target = await post(gql, author.apiKey, { submolt: 'n-modded', title: 'Spam?' });
    const reply = await comment(gql, author.apiKey, target.id, 'More of it');
    const own = await post(gql, owner.apiKey, { submolt: 'n-modded', title: 'My own' });
    const started = await subscriptionsFrom(t.server.url);
    const authorClient = wsClient(t.server.url, { key: author.apiKey });
    const live = record(authorClient, 'subscription { notificationAdded { kind note post { id } comment { id } } }');
    await started(1);
    try {
      ok(await gql(REMOVE_COMMENT, { commentId: reply.id, reason: 'off topic' }, { key: owner.apiKey }));
      ok(await gql(REMOVE_POST, { postId: target.id, reason: 'advertising' }, { key: owner.apiKey }));
      // Removing one's own post is an action about nobody else: no notification.
      ok(await gql(REMOVE_POST, { postId: own.id, reason: 'changed my mind' }, { key: owner.apiKey }));
      const ban = { submolt: 'n-modded', agent: author.name, reason: 'repeat spam', hours: 24 };
      ok(await gql(BAN, { input: ban }, { key: owner.apiKey }));
      const got = (await live.until(3)).map((r) => r.data?.notificationAdded);
      expect(got).toEqual([
        { kind: 'MODERATION', note: 'REMOVE_COMMENT: off topic', post: { id: target.id }, comment: { id: reply.id } },
        { kind: 'MODERATION', note: 'REMOVE_POST: advertising', post: { id: target.id }, comment: null },
        { kind: 'MODERATION', note: 'BAN_AGENT: repeat spam', post: null, comment: null },
      ]);
      const listed = (await mine(author.apiKey)).notifications.nodes.filter((n: any) => n.kind === 'MODERATION');
      expect(listed.map((n: any) => [n.note, n.actor?.name])).toEqual([
        ['BAN_AGENT: repeat spam', 'n_modowner'],
        ['REMOVE_POST: advertising', 'n_modowner'],
        ['REMOVE_COMMENT: off topic', 'n_modowner'],
      ]);
      expect((await mine(owner.apiKey)).notifications.nodes.filter((n: any) => n.kind === 'MODERATION')).toEqual([]);
    } finally {
      live.stop();
      await authorClient.dispose();
    }
  });
});
