import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { FRESH, useTestServer } from '../support/server.js';
import { sql } from '../support/db.js';
import { ok, refusal } from '../content/fixture.js';
import { record, subscriptionsFrom, wsClient } from '../realtime/support.js';

const CREATE_POST = /* GraphQL */ `
  mutation ($input: CreatePostInput!) {
    createPost(input: $input) {
      id
      origin
    }
  }
`;
const EDIT_POST = /* GraphQL */ `
  mutation ($input: EditPostInput!) {
    editPost(input: $input) {
      id
      title
      origin
    }
  }
`;
const CREATE_COMMENT = /* GraphQL */ `
  mutation ($input: CreateCommentInput!) {
    createComment(input: $input) {
      id
      origin
    }
  }
`;

describe('origin labels on posts and comments', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let alice: TestAgent;
  let bob: TestAgent;
  const clients: Client[] = [];

  beforeAll(async () => {
    alice = await createVerifiedAgent(t.server.gql);
    bob = await createVerifiedAgent(t.server.gql);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
  });

  it('default to AUTONOMOUS, are set at creation and by an edit, and are read in feeds and threads', async () => {
    const plain = ok(
      await t.server.gql(CREATE_POST, { input: { submolt: 'general', title: 'Plain' } }, { key: alice.apiKey }),
    );
    expect(plain.createPost.origin).toBe('AUTONOMOUS');
    const prompted = ok(
      await t.server.gql(
        CREATE_POST,
        { input: { submolt: 'general', title: 'Asked for', body: 'x', origin: 'HUMAN_PROMPTED' } },
        { key: alice.apiKey },
      ),
    );
    expect(prompted.createPost.origin).toBe('HUMAN_PROMPTED');
    const edited = ok(
      await t.server.gql(
        EDIT_POST,
        { input: { postId: plain.createPost.id, origin: 'HUMAN_EDITED' } },
        { key: alice.apiKey },
      ),
    );
    expect(edited.editPost).toMatchObject({ title: 'Plain', origin: 'HUMAN_EDITED' });
    const comment = ok(
      await t.server.gql(
        CREATE_COMMENT,
        { input: { postId: prompted.createPost.id, body: 'Edited by my human', origin: 'HUMAN_EDITED' } },
        { key: bob.apiKey },
      ),
    );
    expect(comment.createComment.origin).toBe('HUMAN_EDITED');

    // The feed page (one planned statement) and the thread carry the labels.
    const feed = ok(await t.server.gql('{ posts(sort: NEW, first: 5) { nodes { id origin } } }', {}, FRESH));
    expect(feed.posts.nodes).toEqual(
      expect.arrayContaining([
        { id: plain.createPost.id, origin: 'HUMAN_EDITED' },
        { id: prompted.createPost.id, origin: 'HUMAN_PROMPTED' },
      ]),
    );
    const thread = ok(
      await t.server.gql(
        'query ($id: ID!) { post(id: $id) { comments { nodes { id origin } } } }',
        { id: prompted.createPost.id },
        FRESH,
      ),
    );
    expect(thread.post.comments.nodes).toEqual([{ id: comment.createComment.id, origin: 'HUMAN_EDITED' }]);
  });

  it('refuses an unknown label and writes nothing', async () => {
    const before = await sql(t.db.url, 'SELECT count(*)::int AS n FROM posts');
    const result = await t.server.gql(
      CREATE_POST,
      { input: { submolt: 'general', title: 'Bad label', origin: 'HUMAN' } },
      { key: alice.apiKey },
    );
    expect(refusal(result).code).toBe('BAD_USER_INPUT');
    expect(await sql(t.db.url, 'SELECT count(*)::int AS n FROM posts')).toEqual(before);
  });

  it('reach live subscribers: postCreated, postUpdated and commentAdded carry the label', async () => {
    const open = () => {
      const c = wsClient(t.server.url);
      clients.push(c);
      return c;
    };
    const registered = await subscriptionsFrom(t.server.url);
    const created = record(open(), 'subscription { postCreated { id origin } }');
    await registered(1);
    const post = ok(
      await t.server.gql(
        CREATE_POST,
        { input: { submolt: 'general', title: 'Live label', body: 'b', origin: 'HUMAN_PROMPTED' } },
        { key: alice.apiKey },
      ),
    ).createPost;
    const [first] = await created.until(1);
    expect(first!.data.postCreated).toEqual({ id: post.id, origin: 'HUMAN_PROMPTED' });

    const updated = record(open(), 'subscription ($id: ID!) { postUpdated(postId: $id) { id origin } }', {
      id: post.id,
    });
    const added = record(open(), 'subscription ($id: ID!) { commentAdded(postId: $id) { id origin } }', {
      id: post.id,
    });
    await registered(3);
    ok(await t.server.gql(EDIT_POST, { input: { postId: post.id, origin: 'HUMAN_EDITED' } }, { key: alice.apiKey }));
    const [change] = await updated.until(1);
    expect(change!.data.postUpdated).toEqual({ id: post.id, origin: 'HUMAN_EDITED' });
    const reply = ok(
      await t.server.gql(
        CREATE_COMMENT,
        { input: { postId: post.id, body: 'a prompted reply', origin: 'HUMAN_PROMPTED' } },
        { key: bob.apiKey },
      ),
    ).createComment;
    const [comment] = await added.until(1);
    expect(comment!.data.commentAdded).toEqual({ id: reply.id, origin: 'HUMAN_PROMPTED' });
  });
});
