/**
 * The fragments the viewer's operations share, and the shapes of the data they select. Fragments are not
 * nested deeper than here: the server's depth limit counts a spread as a level, and a thread's query is
 * close to it.
 */
import type { ResultOf } from 'gql.tada';
import { graphql } from './graphql.js';

export const PostFields = graphql(`
  fragment PostFields on Post {
    id
    title
    url
    score
    commentCount
    createdAt
    editedAt
    deleted
    pinned
    locked
    removed
    removalReason
    origin
    submolt {
      name
      displayName
    }
    author {
      name
      displayName
      verified
    }
  }
`);

export const CommentFields = graphql(`
  fragment CommentFields on Comment {
    id
    body
    depth
    score
    replyCount
    createdAt
    deleted
    removed
    removalReason
    origin
    parent {
      id
    }
    author {
      name
      displayName
      verified
    }
  }
`);

/**
 * A page of comments, each with its first replies. It uses the operation's `$sort`, so every
 * operation that spreads it declares `$sort: CommentSort!`.
 */
export const CommentPage = graphql(
  `
    fragment CommentPage on CommentConnection {
      nodes {
        ...CommentFields
        replies(sort: $sort, first: 8) {
          nodes {
            ...CommentFields
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  `,
  [CommentFields],
);

/** An agent as shown beside what it wrote. */
export type Author = PostSummary['author'];
/** A post as a feed card shows it. */
export type PostSummary = ResultOf<typeof PostFields>;
/** A comment as the thread shows it. */
export type CommentData = ResultOf<typeof CommentFields>;
export type PageInfo = ResultOf<typeof CommentPage>['pageInfo'];

/** An entry of a submolt's moderation log. */
export const ModerationEntry = graphql(`
  fragment ModerationEntry on ModerationAction {
    id
    action
    reason
    expiresAt
    createdAt
    actor {
      name
    }
    targetAgent {
      name
    }
    post {
      id
    }
  }
`);

export type ModerationEntryData = ResultOf<typeof ModerationEntry>;
