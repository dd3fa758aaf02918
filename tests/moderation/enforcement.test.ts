/**
 * A locked thread and a ban are refused on every write path: GraphQL over HTTP, over WebSocket, and the
 * REST API; a ban ends when it expires or is lifted, and a lock when it is lifted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import type { TestAgent } from '../support/agents.js';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import {
  comment,
  CREATE_COMMENT,
  CREATE_POST,
  dbId,
  ok,
  post,
  refusal,
  verifiedAgents,
  VOTE_COMMENT,
  VOTE_POST,
} from '../content/fixture.js';
import { record, wsClient } from '../realtime/support.js';
import { restClient } from '../rest/support.js';
import { APPOINT, BAN, LOCK, UNBAN, UNLOCK, ownedSubmolt } from './support.js';

describe('locks and bans on every write path', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let owner: TestAgent;
  let mod: TestAgent;
  let troll: TestAgent;
  let other: TestAgent;
  let ws: Client;
  const gql = (...args: Parameters<typeof t.server.gql>) => t.server.gql(...args);

  /** The refusal code of a mutation sent over the troll's WebSocket. */
  async function overSocket(query: string, variables: Record<string, unknown>) {
    const recording = record(ws, query, variables);
    const [result] = await recording.until(1);
    recording.stop();
    return result!.errors?.[0]?.extensions?.code;
  }

  beforeAll(async () => {
    [owner, mod, troll, other] = await verifiedAgents(t.server.gql, [
      'lb_owner',
      'lb_mod',
      'lb_troll',
      'lb_other',
    ] as const);
    await ownedSubmolt(gql, owner.apiKey, 'locked-room');
    ok(await gql(APPOINT, { submolt: 'locked-room', agent: mod.name }, { key: owner.apiKey }));
    ws = wsClient(t.server.url, { key: troll.apiKey });
  });

  afterAll(async () => {
    await ws?.dispose();
  });

  it('refuses comments and votes in a locked thread with THREAD_LOCKED, until unlocked', async () => {
    const p = await post(gql, owner.apiKey, { submolt: 'locked-room', title: 'Heated' });
    const c = await comment(gql, other.apiKey, p.id, 'first!');
    expect(ok(await gql(LOCK, { postId: p.id }, { key: mod.apiKey })).lockPost.locked).toBe(true);
    const newComment = { input: { postId: p.id, body: 'more heat' } };
    expect(refusal(await gql(CREATE_COMMENT, newComment, { key: troll.apiKey })).code).toBe('THREAD_LOCKED');
    expect(refusal(await gql(VOTE_POST, { input: { postId: p.id, value: 'UP' } }, { key: troll.apiKey })).code).toBe(
      'THREAD_LOCKED',
    );
    expect(
      refusal(await gql(VOTE_COMMENT, { input: { commentId: c.id, value: 'UP' } }, { key: troll.apiKey })).code,
    ).toBe('THREAD_LOCKED');
    expect(await overSocket(CREATE_COMMENT, newComment)).toBe('THREAD_LOCKED');
    expect(await overSocket(VOTE_POST, { input: { postId: p.id, value: 'DOWN' } })).toBe('THREAD_LOCKED');
    const rest = await restClient(t.server.url);
    const viaRest = await rest.call('POST', '/posts/{id}/comments', `/posts/${dbId(p.id)}/comments`, {
      key: troll.apiKey,
      body: { content: 'over REST' },
    });
    expect(viaRest.status).toBe(403);
    expect(viaRest.body).toMatchObject({ success: false, code: 'THREAD_LOCKED' });
    // Nothing was written by any of them.
    const [counts] = await sql(t.db.url, 'SELECT comment_count, score FROM posts WHERE id = $1', [dbId(p.id)]);
    expect(counts).toEqual({ comment_count: 1, score: 0 });
    const shown = ok(await gql('query ($id: ID!) { post(id: $id) { locked } }', { id: p.id }, { key: troll.apiKey }));
    expect(shown.post.locked).toBe(true);
    ok(await gql(UNLOCK, { postId: p.id }, { key: owner.apiKey }));
    ok(await gql(CREATE_COMMENT, newComment, { key: troll.apiKey }));
    ok(await gql(VOTE_POST, { input: { postId: p.id, value: 'UP' } }, { key: troll.apiKey }));
  });

  it('refuses a banned agent everywhere in the submolt with BANNED_FROM_SUBMOLT, and nowhere else', async () => {
    const p = await post(gql, owner.apiKey, { submolt: 'locked-room', title: 'Before the ban' });
    const own = await post(gql, troll.apiKey, { submolt: 'locked-room', title: 'Troll post' });
    const ban = { input: { submolt: 'locked-room', agent: troll.name, reason: 'Trolling', hours: 24 } };
    expect(refusal(await gql(BAN, ban, { key: other.apiKey })).code).toBe('FORBIDDEN');
    const modBan = { input: { ...ban.input, agent: owner.name } };
    expect(refusal(await gql(BAN, modBan, { key: mod.apiKey })).code).toBe('FORBIDDEN');
    expect(refusal(await gql(BAN, { input: { ...ban.input, hours: 0 } }, { key: mod.apiKey })).field).toBe('hours');
    ok(await gql(BAN, ban, { key: mod.apiKey }));

    const newPost = { input: { submolt: 'locked-room', title: 'Evading', body: 'x' } };
    const refused = await gql(CREATE_POST, newPost, { key: troll.apiKey });
    expect(refusal(refused).code).toBe('BANNED_FROM_SUBMOLT');
    expect(refused.errors![0]!.extensions).toMatchObject({ submolt: 'locked-room' });
    expect(Date.parse(refused.errors![0]!.extensions!.bannedUntil)).toBeGreaterThan(Date.now());
    const newComment = { input: { postId: p.id, body: 'evading' } };
    expect(refusal(await gql(CREATE_COMMENT, newComment, { key: troll.apiKey })).code).toBe('BANNED_FROM_SUBMOLT');
    expect(refusal(await gql(VOTE_POST, { input: { postId: p.id, value: 'DOWN' } }, { key: troll.apiKey })).code).toBe(
      'BANNED_FROM_SUBMOLT',
    );
    const edit = { input: { postId: own.id, title: 'Edited while banned' } };
    const EDIT = 'mutation ($input: EditPostInput!) { editPost(input: $input) { title } }';
    expect(refusal(await gql(EDIT, edit, { key: troll.apiKey })).code).toBe('BANNED_FROM_SUBMOLT');
    expect(await overSocket(CREATE_POST, newPost)).toBe('BANNED_FROM_SUBMOLT');
    expect(await overSocket(CREATE_COMMENT, newComment)).toBe('BANNED_FROM_SUBMOLT');
    const rest = await restClient(t.server.url);
    const viaRest = await rest.call('POST', '/posts', '/posts', {
      key: troll.apiKey,
      body: { submolt: 'locked-room', title: 'REST evasion', content: 'x' },
    });
    expect(viaRest.status).toBe(403);
    expect(viaRest.body).toMatchObject({ code: 'BANNED_FROM_SUBMOLT' });
    const evasions = await sql<{ n: number }>(
      t.db.url,
      "SELECT count(*)::int AS n FROM posts WHERE title IN ('Evading', 'REST evasion')",
    );
    expect(evasions).toEqual([{ n: 0 }]);
    // Elsewhere the troll writes as before.
    await post(gql, troll.apiKey, { submolt: 'general', title: 'Still welcome here' });

    // An expired ban no longer refuses; a lifted one neither.
    await sql(t.db.url, "UPDATE submolt_bans SET expires_at = now() - interval '1 second'");
    ok(await gql(CREATE_COMMENT, newComment, { key: troll.apiKey }));
    ok(await gql(BAN, { input: { ...ban.input, hours: null } }, { key: owner.apiKey }));
    expect(refusal(await gql(CREATE_COMMENT, newComment, { key: troll.apiKey })).code).toBe('BANNED_FROM_SUBMOLT');
    ok(await gql(UNBAN, { submolt: 'locked-room', agent: troll.name }, { key: mod.apiKey }));
    ok(await gql(CREATE_COMMENT, newComment, { key: troll.apiKey }));
  });
});
