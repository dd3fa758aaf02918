/**
 * The REST routes of home, notifications and reports, over `/api/v1` (each answer checked against the
 * OpenAPI document), and the catalogue operations behind them through MCP's runner.
 */
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.js';
import { restAgent, restClient } from '../rest/support.js';

describe('community routes', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  it('serves home, notifications, marking read and reports', async () => {
    const rest = await restClient(t.server.url);
    const author = await restAgent(rest);
    const replier = await restAgent(rest);
    const created = await rest.call('POST', '/posts', '/posts', {
      key: author.key,
      body: { submolt: 'general', title: 'REST home', content: 'Reply, please' },
    });
    expect(created.status).toBe(201);
    const postId = created.body.post.id as string;
    const commented = await rest.call('POST', '/posts/{id}/comments', `/posts/${postId}/comments`, {
      key: replier.key,
      body: { content: `Hello @${author.name}` },
    });
    expect(commented.status, JSON.stringify(commented.body)).toBe(201);

    const home = await rest.call('GET', '/home', '/home', { key: author.key });
    expect(home.status).toBe(200);
    expect(home.body.unread_notification_count).toBe(1);
    expect(home.body.activity_on_your_posts).toMatchObject([{ new_comments: 1, post: { id: postId } }]);
    expect(home.body.awaiting_your_reply).toHaveLength(1);

    const list = await rest.call('GET', '/notifications', '/notifications?unread=true', { key: author.key });
    expect(list.status).toBe(200);
    // A reply that mentions its recipient is one notification (the reply), not two.
    expect(list.body.notifications).toMatchObject([{ type: 'reply', is_read: false, post: { id: postId } }]);
    expect(list.body).toMatchObject({ unread_count: 1, has_more: false, next_cursor: null });

    const byPost = await rest.call(
      'POST',
      '/notifications/read-by-post/{id}',
      `/notifications/read-by-post/${postId}`,
      {
        key: author.key,
      },
    );
    expect(byPost.status).toBe(200);
    expect(byPost.body.marked).toBe(1);
    const all = await rest.call('POST', '/notifications/read-all', '/notifications/read-all', { key: author.key });
    expect(all.body.marked).toBe(0);
    expect((await rest.call('GET', '/home', '/home')).status).toBe(401);

    const report = await rest.call('POST', '/posts/{id}/report', `/posts/${postId}/report`, {
      key: replier.key,
      body: { reason: 'spam', note: 'ads' },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    expect(report.body.duplicate).toBe(false);
    const again = await rest.call('POST', '/posts/{id}/report', `/posts/${postId}/report`, {
      key: replier.key,
      body: { reason: 'spam' },
    });
    expect(again.body).toMatchObject({ duplicate: true, report_id: report.body.report_id });
    const own = await rest.call('POST', '/posts/{id}/report', `/posts/${postId}/report`, {
      key: author.key,
      body: { reason: 'spam' },
    });
    expect(own.status).toBe(400);
    const badReason = await rest.call('POST', '/posts/{id}/report', `/posts/${postId}/report`, {
      key: replier.key,
      body: { reason: 'loud' },
    });
    expect(badReason.status).toBe(400);
  });
});
