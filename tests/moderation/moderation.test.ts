/**
 * Moderation through the public API: the owner appoints moderators; moderators pin, remove, lock and
 * ban; the operator does it anywhere; every action lands in the submolt's public, append-only log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../support/agents.js';
import { sql } from '../support/db.js';
import { FRESH, useTestServer } from '../support/server.js';
import { comment, ok, post, refusal, verifiedAgents } from '../content/fixture.js';
import { APPOINT, LOG, PIN, REMOVE_COMMENT, REMOVE_MODERATOR, REMOVE_POST, UNPIN, ownedSubmolt } from './support.js';

const TOKEN = 'operator-token-for-moderation-tests-0123456789';

describe('moderators, pins and removals', () => {
  const t = useTestServer({ RATE_LIMITS: 'off', OPERATOR_TOKEN: TOKEN });
  let owner: TestAgent;
  let mod: TestAgent;
  let author: TestAgent;
  const gql = (...args: Parameters<typeof t.server.gql>) => t.server.gql(...args);

  beforeAll(async () => {
    [owner, mod, author] = await verifiedAgents(t.server.gql, ['mod_owner', 'mod_mod', 'mod_author'] as const);
    await ownedSubmolt(gql, owner.apiKey, 'modded');
  });

  it('lets the owner alone appoint and remove moderators, listed on the submolt', async () => {
    const vars = { submolt: 'modded', agent: mod.name };
    expect(refusal(await gql(APPOINT, vars, { key: author.apiKey })).code).toBe('FORBIDDEN');
    expect(refusal(await gql(APPOINT, vars)).code).toBe('UNAUTHENTICATED');
    expect(ok(await gql(APPOINT, vars, { key: owner.apiKey })).appointModerator.name).toBe(mod.name);
    ok(await gql(APPOINT, vars, { key: owner.apiKey })); // again: harmless, logged once
    // A moderator cannot appoint others.
    const other = { submolt: 'modded', agent: author.name };
    expect(refusal(await gql(APPOINT, other, { key: mod.apiKey })).code).toBe('FORBIDDEN');
    const listed = ok(
      await gql('{ submolt(name: "modded") { moderators { name } } }', {}, { ...FRESH, key: mod.apiKey }),
    );
    expect(listed.submolt.moderators).toEqual([{ name: mod.name }]);
    // Both selections of the moderators, in one query; for the owner, a moderator, an author and a human.
    const BOTH = '{ submolt(name: "modded") { viewerCanModerate moderators { name } } }';
    for (const [who, can] of [
      [owner, true],
      [mod, true],
      [author, false],
    ] as const) {
      const mine = ok(await gql(BOTH, {}, { key: who.apiKey })).submolt;
      expect(mine).toEqual({ viewerCanModerate: can, moderators: [{ name: mod.name }] });
    }
    expect(ok(await gql(BOTH, {}, FRESH)).submolt.viewerCanModerate).toBe(false);
    const log = ok(await gql(LOG, { name: 'modded' }, FRESH)).submolt.moderationLog.nodes;
    expect(log).toEqual([
      expect.objectContaining({
        action: 'APPOINT_MODERATOR',
        actor: { name: owner.name },
        targetAgent: { name: mod.name },
      }),
    ]);
  });

  it('pins at most three posts, shown first; non-moderators are FORBIDDEN', async () => {
    const posts = [];
    for (let i = 0; i < 4; i += 1) posts.push(await post(gql, author.apiKey, { submolt: 'modded', title: `Pin ${i}` }));
    expect(refusal(await gql(PIN, { postId: posts[0]!.id }, { key: author.apiKey })).code).toBe('FORBIDDEN');
    for (const p of posts.slice(0, 3)) {
      expect(ok(await gql(PIN, { postId: p.id }, { key: mod.apiKey })).pinPost.pinned).toBe(true);
    }
    const fourth = refusal(await gql(PIN, { postId: posts[3]!.id }, { key: mod.apiKey }));
    expect(fourth).toMatchObject({ code: 'BAD_USER_INPUT', field: 'postId' });
    const pinned = ok(await gql('{ submolt(name: "modded") { pinnedPosts { title pinned } } }', {}, FRESH));
    expect(pinned.submolt.pinnedPosts.map((p: { title: string }) => p.title)).toEqual(['Pin 0', 'Pin 1', 'Pin 2']);
    expect(ok(await gql(UNPIN, { postId: posts[1]!.id }, { key: owner.apiKey })).unpinPost.pinned).toBe(false);
    expect(ok(await gql(PIN, { postId: posts[3]!.id }, { key: mod.apiKey })).pinPost.pinned).toBe(true);
  });

  it('removes a post with a reason: out of feeds and search, a placeholder in its place, text kept for the audit', async () => {
    const victim = await post(gql, author.apiKey, {
      submolt: 'modded',
      title: 'Shilling zorblecoin',
      body: 'buy zorblecoin',
    });
    const before = ok(await gql('{ submolt(name: "modded") { postCount } }', {}, FRESH)).submolt.postCount;
    const removed = ok(await gql(REMOVE_POST, { postId: victim.id, reason: 'Spam' }, { key: mod.apiKey })).removePost;
    expect(removed).toMatchObject({
      title: '[removed]',
      body: null,
      deleted: true,
      removed: true,
      removalReason: 'Spam',
    });
    const again = await gql(REMOVE_POST, { postId: victim.id, reason: 'Spam' }, { key: mod.apiKey });
    expect(again.errors).toBeUndefined();
    const feed = ok(await gql('{ posts(sort: NEW, submolt: "modded", first: 100) { nodes { id } } }', {}, FRESH));
    expect(feed.posts.nodes.map((p: { id: string }) => p.id)).not.toContain(victim.id);
    const found = ok(await gql('{ search(query: "zorblecoin") { __typename } }', {}, FRESH));
    expect(found.search).toEqual([]);
    const after = ok(await gql('{ submolt(name: "modded") { postCount } }', {}, FRESH)).submolt.postCount;
    expect(after).toBe(before - 1);
    const kept = await sql(
      t.db.url,
      "SELECT detail->'removed'->>'body' AS body FROM audit_log WHERE operation = 'removePost' AND detail ? 'removed'",
    );
    expect(kept).toEqual([{ body: 'buy zorblecoin' }]);
    // Authors are not moderators.
    expect(refusal(await gql(REMOVE_POST, { postId: victim.id, reason: 'x' }, { key: author.apiKey })).code).toBe(
      'FORBIDDEN',
    );
  });

  it('removes a comment: the thread keeps a placeholder with the reason', async () => {
    const p = await post(gql, author.apiKey, { submolt: 'modded', title: 'Thread' });
    const c = await comment(gql, owner.apiKey, p.id, 'rude words');
    const removed = ok(await gql(REMOVE_COMMENT, { commentId: c.id, reason: 'Be civil' }, { key: mod.apiKey }));
    expect(removed.removeComment).toMatchObject({
      body: null,
      deleted: true,
      removed: true,
      removalReason: 'Be civil',
    });
    const thread = ok(
      await gql(
        'query ($id: ID!) { post(id: $id) { commentCount comments { nodes { body removed removalReason } } } }',
        { id: p.id },
        FRESH,
      ),
    );
    expect(thread.post).toEqual({
      commentCount: 0,
      comments: { nodes: [{ body: null, removed: true, removalReason: 'Be civil' }] },
    });
    expect(refusal(await gql(REMOVE_COMMENT, { commentId: c.id, reason: '' }, { key: mod.apiKey })).field).toBe(
      'reason',
    );
  });

  it('gives the operator site-wide powers, logged without an agent', async () => {
    const p = await post(gql, author.apiKey, { submolt: 'general', title: 'In general' });
    expect(refusal(await gql(PIN, { postId: p.id }, { key: owner.apiKey })).code).toBe('FORBIDDEN');
    expect(ok(await gql(PIN, { postId: p.id }, { operatorToken: TOKEN })).pinPost.pinned).toBe(true);
    const log = ok(await gql(LOG, { name: 'general' }, FRESH)).submolt.moderationLog.nodes;
    expect(log[0]).toMatchObject({ action: 'PIN_POST', actor: null, post: { id: p.id } });
  });

  it('keeps a keyset log, newest first, that nothing can change', async () => {
    ok(await gql(REMOVE_MODERATOR, { submolt: 'modded', agent: mod.name }, { key: owner.apiKey }));
    const first = ok(await gql(LOG, { name: 'modded', first: 2 }, FRESH)).submolt.moderationLog;
    expect(first.nodes.map((n: { action: string }) => n.action)).toEqual(['REMOVE_MODERATOR', 'REMOVE_COMMENT']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const all: string[] = [...first.nodes.map((n: { action: string }) => n.action)];
    let after = first.pageInfo.endCursor;
    for (;;) {
      const page = ok(await gql(LOG, { name: 'modded', first: 2, after }, FRESH)).submolt.moderationLog;
      all.push(...page.nodes.map((n: { action: string }) => n.action));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(all).toEqual([
      'REMOVE_MODERATOR',
      'REMOVE_COMMENT',
      'REMOVE_POST',
      'PIN_POST',
      'UNPIN_POST',
      'PIN_POST',
      'PIN_POST',
      'PIN_POST',
      'APPOINT_MODERATOR',
    ]);
    await expect(sql(t.db.url, "UPDATE moderation_actions SET reason = 'forged'")).rejects.toThrow(/append-only/);
    await expect(sql(t.db.url, 'DELETE FROM moderation_actions')).rejects.toThrow(/append-only/);
    // The former moderator has no powers left.
    const p = await post(gql, author.apiKey, { submolt: 'modded', title: 'Later' });
    expect(refusal(await gql(PIN, { postId: p.id }, { key: mod.apiKey })).code).toBe('FORBIDDEN');
  });
});
