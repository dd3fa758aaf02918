/** Every subscription the viewer opens, all over the one WebSocket (see client.ts). */
import { graphql } from './graphql.js';
import { CommentFields, PostFields } from './fragments.js';

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

/** What a feed card updates in place. */
export const POST_UPDATED = graphql(`
  subscription PostUpdated($postId: ID!) {
    postUpdated(postId: $postId) {
      id
      title
      score
      commentCount
      editedAt
      deleted
    }
  }
`);

/** What an open thread updates in place: the feed card's fields, the body and the vote split. */
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
