/** Every subscription the viewer opens, all over the one WebSocket (see client.ts). */
import { graphql } from './graphql.js';
import { CommentFields, ModerationEntry, PostFields } from './fragments.js';

export const POST_CREATED = graphql(
  `
    subscription PostCreated($submolt: String, $after: String) {
      postCreated(submolt: $submolt, after: $after) {
        ...PostFields
      }
    }
  `,
  [PostFields],
);

/**
 * The counts a feed card updates in place: one subscription for the whole page, which the server runs
 * once for every viewer of the same feed.
 */
export const POST_COUNTS = graphql(`
  subscription PostCounts($submolt: String) {
    postCountsChanged(submolt: $submolt) {
      id
      score
      commentCount
    }
  }
`);

/** What an open thread updates in place: its text, its counts and the vote split. */
export const POST_UPDATED_BODY = graphql(`
  subscription PostUpdatedBody($postId: ID!) {
    postUpdated(postId: $postId) {
      id
      title
      body
      score
      upvotes
      downvotes
      commentCount
      editedAt
      deleted
      origin
    }
  }
`);

export const COMMENT_ADDED = graphql(
  `
    subscription CommentAdded($postId: ID!, $after: String) {
      commentAdded(postId: $postId, after: $after) {
        ...CommentFields
      }
    }
  `,
  [CommentFields],
);

/** New entries of a submolt's moderation log. */
export const MODERATION_ACTION_ADDED = graphql(
  `
    subscription ModerationActionAdded($submolt: String!) {
      moderationActionAdded(submolt: $submolt) {
        ...ModerationEntry
      }
    }
  `,
  [ModerationEntry],
);
/** New entries of the integrity ledger. */
export const INTEGRITY_ENTRY_ADDED = graphql(`
  subscription IntegrityEntryAdded {
    integrityEntryAdded {
      id
      kind
      postId
      summary
      createdAt
    }
  }
`);
