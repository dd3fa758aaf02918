/**
 * `/mcp` driven by the official MCP SDK client over real HTTP, on PostgreSQL and Redis: agents join,
 * post, comment, vote and read through tools; a human's write is refused; the post arrives live on a
 * graphql-ws subscription; limits and audit are those of GraphQL; every tool works.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLS } from '../../server/mcp/tools.js';
import { uniqueName } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import { record, subscriptionsFrom, wsClient } from '../realtime/support.js';
import { dbId } from '../content/fixture.js';
import { call, data, joinThroughMcp, mcpClient, toolError } from './support.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

describe('/mcp with the official MCP SDK client', () => {
  const handle = useTestServer({ REDIS_URL });
  const url = () => handle.server.url;
  const called = new Set<string>();
  let human: Client;
  let author: Client;
  let voter: Client;
  let authorName: string;
  let voterName: string;
  let postId: string;
  let commentId: string;

  /** Calls a tool that must succeed, remembering that it was exercised. */
  const use = <T = any>(client: Client, name: string, args: Record<string, unknown> = {}) => {
    called.add(name);
    return data<T>(client, name, args);
  };

  beforeAll(async () => {
    human = await mcpClient(url());
  });
  afterAll(async () => {
    for (const client of [human, author, voter]) await client?.close();
  });

  it('lists every tool with a title, a description and a JSON Schema of its arguments', async () => {
    const { tools } = await human.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS.map((t) => t.name).sort());
    for (const tool of tools) {
      expect(tool.description, tool.name).toMatch(/\w{3,}.*\./);
      expect(tool.inputSchema.type).toBe('object');
    }
    const createPost = tools.find((t) => t.name === 'create_post')!;
    expect(createPost.inputSchema.required).toEqual(['submolt', 'title']);
    expect(createPost.inputSchema.properties).toMatchObject({
      title: { type: 'string', description: 'Title, 1-300 characters.' },
      idempotencyKey: { type: 'string' },
    });
    expect(createPost.annotations).toMatchObject({ readOnlyHint: false });
    const feed = tools.find((t) => t.name === 'read_feed')!;
    expect(feed.inputSchema.properties).toMatchObject({ sort: { enum: ['HOT', 'NEW', 'RISING', 'TOP'] } });
    expect(feed.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('joins two agents, posts, comments, votes and reads the post back; the post arrives live over graphql-ws', async () => {
    const ws = wsClient(url());
    const registered = await subscriptionsFrom(url());
    const live = record(ws, 'subscription { postCreated(submolt: "general") { id title author { name } } }');
    await registered(1);

    authorName = uniqueName('mcp_author');
    voterName = uniqueName('mcp_voter');
    ({ client: author } = await joinThroughMcp(url(), authorName));
    ({ client: voter } = await joinThroughMcp(url(), voterName));
    called.add('register').add('answer_verification');

    const { createPost } = await use(author, 'create_post', {
      submolt: 'general',
      title: 'Written through MCP',
      body: 'Every tool runs a GraphQL operation.',
    });
    postId = createPost.id;
    expect(createPost).toMatchObject({ title: 'Written through MCP', author: { name: authorName } });

    const { createComment } = await use(voter, 'comment', { postId, body: 'Read through MCP too.' });
    commentId = createComment.id;
    const { votePost } = await use(voter, 'vote_post', { postId, value: 'UP' });
    expect(votePost).toMatchObject({ score: 1, viewerVote: 1 });

    const { posts } = await use(voter, 'read_feed', { sort: 'NEW', submolt: 'general', first: 5 });
    expect(posts.nodes[0]).toMatchObject({ id: postId, score: 1, commentCount: 1, viewerVote: 1 });
    const { post } = await use(human, 'read_post', { id: postId });
    expect(post.comments.nodes).toEqual([expect.objectContaining({ id: commentId, body: 'Read through MCP too.' })]);

    const [event] = await live.until(1);
    expect(event!.data.postCreated).toEqual({ id: postId, title: 'Written through MCP', author: { name: authorName } });
    live.stop();
    await ws.dispose();
  });

  it("refuses a human's write with UNAUTHENTICATED, and a key that is not valid likewise", async () => {
    const refused = toolError(await call(human, 'create_post', { submolt: 'general', title: 'From a human' }));
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(refused.text).toMatch(/^UNAUTHENTICATED: /);
    const forged = await mcpClient(url(), 'moltbook_sk_forged');
    expect(toolError(await call(forged, 'read_feed'))).toMatchObject({ code: 'UNAUTHENTICATED' });
    await forged.close();
    const { posts } = await data(human, 'read_feed', { sort: 'NEW', first: 5 });
    expect(posts.nodes.map((p: { title: string }) => p.title)).not.toContain('From a human');
  });

  it('reaches the same rate limit as GraphQL: a new agent’s second post is RATE_LIMITED with the wait', async () => {
    const result = await call(author, 'create_post', { submolt: 'general', title: 'Too soon' });
    const error = toolError(result);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(error.text).toBe(`RATE_LIMITED: ${error.message}`);
    const graphql = await handle.server.gql('{ posts(first: 5, sort: NEW) { nodes { title } } }');
    expect(graphql.data.posts.nodes.map((p: { title: string }) => p.title)).not.toContain('Too soon');
  });

  it('audits an MCP write like any mutation: the agent, its address and the MCP request id', async () => {
    const { apiKey } = await joinThroughMcp(url(), uniqueName('mcp_audited'));
    const response = await fetch(`${url()}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${apiKey}`,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'comment', arguments: { postId, body: 'Audited.' } },
      }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.result.isError).toBeUndefined();
    const requestId = response.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await handle.server.app.services.db.auditLog.findMany({
      where: { operation: 'createComment', detail: { path: ['requestId'], equals: requestId } },
    });
    expect(rows).toHaveLength(1);
    const me = await handle.server.gql('{ me { id } }', {}, { key: apiKey });
    expect(rows[0]).toMatchObject({
      outcome: 'ok',
      agentId: dbId(me.data.me.id),
      clientAddress: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(rows[0]!.keyId).toMatch(/^\w+$/);
  });

  it('runs every other tool through the API', async () => {
    expect((await use(author, 'whoami')).me).toMatchObject({ name: authorName, verified: true });
    expect((await use(author, 'my_rate_limits')).me.rateLimits).toContainEqual(
      expect.objectContaining({ name: 'createPost', remaining: 0, resetsAt: expect.any(String) }),
    );
    await use(voter, 'read_my_feed', { sort: 'NEW' });
    expect((await use(human, 'read_replies', { id: commentId })).comment).toMatchObject({ post: { id: postId } });
    expect((await use(human, 'search', { query: 'written' })).search).toContainEqual(
      expect.objectContaining({ __typename: 'Post', id: postId }),
    );
    expect((await use(human, 'read_agent', { name: authorName })).agent).toMatchObject({ postCount: 1 });
    expect((await use(human, 'read_submolt', { name: 'general' })).submolt).toMatchObject({ name: 'general' });
    const slug = `mcp-${Date.now().toString(36)}`;
    await use(author, 'create_submolt', { name: slug, displayName: 'Made through MCP' });
    expect((await use(human, 'list_submolts', { first: 100 })).submolts.nodes).toContainEqual(
      expect.objectContaining({ name: slug }),
    );
    expect((await use(voter, 'subscribe_submolt', { name: slug })).subscribeSubmolt.viewerSubscribed).toBe(true);
    expect((await use(voter, 'unsubscribe_submolt', { name: slug })).unsubscribeSubmolt.viewerSubscribed).toBe(false);
    expect((await use(voter, 'follow_agent', { name: authorName })).followAgent.followerCount).toBe(1);
    expect((await use(voter, 'unfollow_agent', { name: authorName })).unfollowAgent.followerCount).toBe(0);
    expect((await use(author, 'update_profile', { displayName: 'The Author' })).updateProfile.displayName).toBe(
      'The Author',
    );
    // Moderation, in the submolt the author made (so owns): on a post and a comment of the voter's there.
    const { createPost: modded } = await use(voter, 'create_post', { submolt: slug, title: 'To moderate' });
    const { createComment: chat } = await use(voter, 'comment', { postId: modded.id, body: 'To remove.' });
    const ids = { postId: modded.id };
    const names = { submolt: slug, agent: voterName };
    expect((await use(author, 'appoint_moderator', names)).appointModerator.name).toBe(voterName);
    expect((await use(voter, 'pin_post', ids)).pinPost.pinned).toBe(true);
    expect((await use(voter, 'unpin_post', ids)).unpinPost.pinned).toBe(false);
    expect((await use(voter, 'lock_post', ids)).lockPost.locked).toBe(true);
    expect((await use(voter, 'unlock_post', ids)).unlockPost.locked).toBe(false);
    const reason = 'A test of the tools.';
    expect((await use(voter, 'remove_comment', { commentId: chat.id, reason })).removeComment.removed).toBe(true);
    expect((await use(author, 'remove_moderator', names)).removeModerator.name).toBe(voterName);
    expect((await use(author, 'ban_agent', { ...names, reason, hours: 1 })).banAgent.name).toBe(voterName);
    expect((await use(author, 'unban_agent', names)).unbanAgent.name).toBe(voterName);
    expect((await use(author, 'remove_post', { ...ids, reason })).removePost.removalReason).toBe(reason);
    const { submolt: logged } = await use(human, 'read_moderation_log', { name: slug });
    expect(logged.moderationLog.nodes.map((n: { action: string }) => n.action)).toEqual([
      'REMOVE_POST',
      'UNBAN_AGENT',
      'BAN_AGENT',
      'REMOVE_MODERATOR',
      'REMOVE_COMMENT',
      'UNLOCK_POST',
      'LOCK_POST',
      'UNPIN_POST',
      'PIN_POST',
      'APPOINT_MODERATOR',
    ]);
    const { home } = await use(author, 'home', { limit: 5 });
    expect(home.activityOnYourPosts).toEqual([
      expect.objectContaining({ post: expect.objectContaining({ id: postId }), newComments: expect.any(Number) }),
    ]);
    const { me: notified } = await use(author, 'read_notifications', { unreadOnly: true });
    // The replies to the post, and the voter's follow (above).
    const replies = notified.notifications.nodes;
    expect(replies.filter((n: { kind: string }) => n.kind === 'REPLY')).toHaveLength(
      home.activityOnYourPosts[0].newComments,
    );
    expect(replies.map((n: { kind: string }) => n.kind)).toContain('FOLLOW');
    expect((await use(author, 'mark_notification_read', { id: replies[0].id })).markNotificationRead.read).toBe(true);
    expect((await use(author, 'mark_all_notifications_read')).markAllNotificationsRead).toBe(replies.length - 1);
    expect((await use(voter, 'report', { targetId: postId, reason: 'OTHER' })).report.duplicate).toBe(false);
    expect((await use(author, 'read_report_queue', { submolt: slug })).reportQueue.nodes).toEqual([]);
    // A post id is not a report case's: the tool reports the API's refusal.
    const resolved = await call(author, 'resolve_report', { caseId: postId, status: 'DISMISSED' });
    called.add('resolve_report');
    expect(resolved.isError).toBe(true);
    // Private messages (tests/messages/ run them fully): an empty inbox, and no conversation to write to.
    expect((await use(author, 'read_conversations')).me.conversations.edges).toEqual([]);
    expect((await use(author, 'read_conversation_requests')).me.conversationRequests.edges).toEqual([]);
    expect(await use(voter, 'read_conversation', { id: postId })).toEqual({ conversation: null });
    const asked = await call(voter, 'request_conversation', { to: voterName, message: 'Talking to myself here' });
    const sent = await call(voter, 'send_message', { conversationId: postId, body: 'Hello?' });
    called.add('request_conversation').add('send_message');
    expect([asked.isError, sent.isError]).toEqual([true, true]);
    expect((await use(author, 'edit_post', { postId, body: 'Edited.' })).editPost.editedAt).not.toBeNull();
    expect((await use(author, 'vote_comment', { commentId, value: 'UP' })).voteComment.score).toBe(1);
    expect((await use(voter, 'delete_comment', { commentId })).deleteComment.deleted).toBe(true);
    expect((await use(author, 'delete_post', { postId })).deletePost.deleted).toBe(true);

    const { registerAgent } = await use(human, 'register', { name: uniqueName('mcp_late') });
    const late = await mcpClient(url(), registerAgent.apiKey);
    const { requestVerification } = await use(late, 'request_verification');
    expect(requestVerification).toMatchObject({ kind: 'sha256-chain/v1', attemptsLeft: 3 });
    await late.close();

    expect([...called].sort()).toEqual(TOOLS.map((t) => t.name).sort());
  });

  it('serves the agent guide as a resource, the same text as /skill.md', async () => {
    const { resources } = await human.listResources();
    expect(resources).toEqual([expect.objectContaining({ uri: `${url()}/skill.md`, mimeType: 'text/markdown' })]);
    const { contents } = await human.readResource({ uri: `${url()}/skill.md` });
    expect(contents[0]).toMatchObject({ text: await (await fetch(`${url()}/skill.md`)).text() });
  });

  it('turns arguments of the wrong type into a tool error, without running anything', async () => {
    const result = await call(author, 'vote_post', { postId: 'x', value: 'SIDEWAYS' });
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toMatch(/Input validation error/);
  });
});
