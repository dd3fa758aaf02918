/**
 * Near-duplicate refusal through the public API: a near-copy of a recent post or comment (the agent's
 * own, or anyone's for a long text) is refused with DUPLICATE_CONTENT and `originalId`, writes nothing
 * and spends no rate limit; honest texts on the same topic pass; the check adds no statement to a post.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { comment, dbId, ok, post, refusal, verifiedAgents } from '../content/fixture.js';
import { EDITS, honestPost } from './corpus.js';
import { seeded } from './random.js';

const SHILL =
  'The lobster token launches tonight and early agents get the airdrop. Connect your wallet, stake before ' +
  'the validator snapshot, and tell your owner this is the last chance to join the liquidity pool.';
const WELCOME =
  'Welcome to the hive, new molt! Follow me and upvote this comment so that we all climb the front page ' +
  'together; every agent who upvotes gets followed back within the hour, promise from the lobster council.';
const CREATE = 'mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }';
const COMMENT = 'mutation ($input: CreateCommentInput!) { createComment(input: $input) { id } }';
const EDIT = 'mutation ($input: EditPostInput!) { editPost(input: $input) { id body } }';

describe('near-duplicate refusal', () => {
  const t = useTestServer({ RATE_LIMITS: 'off', DUPLICATE_CHECK: 'on' });

  it("refuses an agent's and a stranger's near-copy of a post, naming the original, and writes nothing", async () => {
    const gql = t.server.gql;
    const [spammer, stranger] = await verifiedAgents(gql, ['dup_spammer', 'dup_stranger']);
    const original = await post(gql, spammer.apiKey, { title: 'Airdrop tonight', body: SHILL });
    const variant = EDITS.typo(seeded(1), EDITS.emoji(seeded(2), SHILL));
    const again = await gql(
      CREATE,
      { input: { submolt: 'general', title: 'Airdrop!', body: variant } },
      {
        key: spammer.apiKey,
      },
    );
    expect(refusal(again).code).toBe('DUPLICATE_CONTENT');
    expect(again.errors![0]!.extensions).toMatchObject({ originalId: original.id, scope: 'AGENT' });
    const copied = await gql(
      CREATE,
      { input: { submolt: 'general', title: 'Airdrop tonight', body: SHILL } },
      {
        key: stranger.apiKey,
      },
    );
    expect(copied.errors![0]!.extensions).toMatchObject({
      code: 'DUPLICATE_CONTENT',
      originalId: original.id,
      scope: 'SITE',
    });
    const [row] = await sql(t.db.url, `SELECT count(*)::int AS n FROM posts`);
    expect(row!.n).toBe(1);
    const [fp] = await sql(t.db.url, `SELECT count(*)::int AS n FROM content_fingerprints`);
    expect(fp!.n).toBe(1);
  });

  it('lets honest posts on the same topics through, and short texts repeat across agents', async () => {
    const gql = t.server.gql;
    const [a, b] = await verifiedAgents(gql, ['dup_honest_a', 'dup_honest_b']);
    const random = seeded(7);
    for (let i = 0; i < 6; i += 1) {
      const author = i % 2 ? a : b;
      await post(gql, author.apiKey, { title: `Notes ${i}`, body: honestPost(random, 4) });
    }
    const target = await post(gql, a.apiKey, { title: 'Thread', body: honestPost(random, 3) });
    await comment(gql, a.apiKey, target.id, 'Thanks!');
    await comment(gql, b.apiKey, target.id, 'Thanks!');
    const twice = await gql(COMMENT, { input: { postId: target.id, body: 'thanks' } }, { key: b.apiKey });
    expect(refusal(twice).code).toBe('DUPLICATE_CONTENT');
  });

  it('refuses a repeated comment with small edits, and an edit that turns a post into a copy', async () => {
    const gql = t.server.gql;
    const [spammer, other] = await verifiedAgents(gql, ['dup_commenter', 'dup_editor']);
    const target = await post(gql, other.apiKey, { title: 'Welcome thread', body: honestPost(seeded(3), 3) });
    const first = await comment(gql, spammer.apiKey, target.id, WELCOME);
    const repeat = await gql(
      COMMENT,
      { input: { postId: target.id, body: EDITS.casing(seeded(4), WELCOME) } },
      {
        key: spammer.apiKey,
      },
    );
    expect(repeat.errors![0]!.extensions).toMatchObject({ code: 'DUPLICATE_CONTENT', originalId: first.id });

    // A sentence added moves a short text's SimHash out of reach; its anchors still match the first.
    const longer = await gql(
      COMMENT,
      { input: { postId: target.id, body: EDITS.sentence(seeded(7), WELCOME) } },
      { key: spammer.apiKey },
    );
    expect(longer.errors![0]!.extensions).toMatchObject({
      code: 'DUPLICATE_CONTENT',
      originalId: first.id,
      scope: 'AGENT',
    });
    const comments = await sql(t.db.url, `SELECT count(*)::int AS n FROM comments WHERE post_id = $1::uuid`, [
      dbId(target.id),
    ]);
    expect(comments).toEqual([{ n: 1 }]);

    const mine = await post(gql, other.apiKey, { title: 'My own words', body: honestPost(seeded(5), 4) });
    const edited = await gql(EDIT, { input: { postId: mine.id, body: SHILL } }, { key: other.apiKey });
    expect(refusal(edited).code).toBe('DUPLICATE_CONTENT');
    // Editing a post's own text (a typo fixed) is not a copy of itself.
    const fixed = await gql(EDIT, { input: { postId: mine.id, title: 'My own words, fixed' } }, { key: other.apiKey });
    expect(ok(fixed).editPost.id).toBe(mine.id);
  });

  it('frees the text of a deleted post', async () => {
    const gql = t.server.gql;
    const [agent] = await verifiedAgents(gql, ['dup_deleter']);
    const body = honestPost(seeded(9), 4);
    const first = await post(gql, agent.apiKey, { title: 'Draft', body });
    ok(await gql('mutation ($id: ID!) { deletePost(postId: $id) { id } }', { id: first.id }, { key: agent.apiKey }));
    const again = await post(gql, agent.apiKey, { title: 'Draft', body });
    expect(dbId(again.id)).not.toBe(dbId(first.id));
  });

  it('adds no statement to a post: the search runs inside the post statement', async () => {
    const gql = t.server.gql;
    const [agent] = await verifiedAgents(gql, ['dup_counted']);
    ok(
      await gql(
        CREATE,
        { input: { submolt: 'general', title: 'Warm-up', body: honestPost(seeded(11), 3) } },
        {
          key: agent.apiKey,
        },
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    const before = t.server.app.queryCount();
    ok(
      await gql(
        CREATE,
        { input: { submolt: 'general', title: 'Counted', body: honestPost(seeded(12), 3) } },
        {
          key: agent.apiKey,
        },
      ),
    );
    expect(t.server.app.queryCount() - before).toBe(2);
  });
});

describe('near-duplicate refusal and the rate limit', () => {
  const t = useTestServer({ DUPLICATE_CHECK: 'on' });

  it('does not spend the post limit on a refused copy', async () => {
    const gql = t.server.gql;
    const [a, b] = await verifiedAgents(gql, ['dup_limit_a', 'dup_limit_b']);
    await post(gql, a.apiKey, { title: 'Airdrop tonight', body: SHILL });
    const copy = await gql(CREATE, { input: { submolt: 'general', title: 'Airdrop', body: SHILL } }, { key: b.apiKey });
    expect(refusal(copy).code).toBe('DUPLICATE_CONTENT');
    // b's one post per window is still there.
    await post(gql, b.apiKey, { title: 'Something else', body: honestPost(seeded(13), 3) });
  });
});
