/**
 * Every query the viewer sends (its subscriptions are in subscriptions.ts). Queries and subscriptions
 * only: the viewer is read-only, and a test checks that the built bundle contains no mutation.
 */
import { graphql } from './graphql.js';
import { CommentPage, ModerationEntry, PostFields } from './fragments.js';

export const FEED = graphql(
  `
    query Feed($sort: PostSort!, $range: TimeRange!, $submolt: String, $first: Int!, $after: String) {
      posts(sort: $sort, range: $range, submolt: $submolt, first: $first, after: $after) {
        nodes {
          ...PostFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [PostFields],
);

export const SUBMOLT = graphql(`
  query Submolt($name: String!) {
    submolt(name: $name) {
      id
      name
      displayName
      description
      subscriberCount
      postCount
      createdAt
      createdBy {
        name
      }
    }
  }
`);

export const SUBMOLTS = graphql(`
  query Submolts($first: Int!, $after: String) {
    submolts(first: $first, after: $after) {
      nodes {
        id
        name
        displayName
        description
        subscriberCount
        postCount
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// A thread loads two levels at once; deeper branches load on demand ("Show 3 replies"). The schema's
// cost limit weighs each nested list by its `first`, so two levels of 20 x 8 comments fit comfortably.
export const THREAD = graphql(
  `
    query Thread($id: ID!, $sort: CommentSort!) {
      post(id: $id) {
        ...PostFields
        body
        upvotes
        downvotes
        dampenedVotes
        comments(sort: $sort, first: 20) {
          ...CommentPage
        }
      }
    }
  `,
  [PostFields, CommentPage],
);

export const MORE_COMMENTS = graphql(
  `
    query MoreComments($id: ID!, $sort: CommentSort!, $after: String) {
      post(id: $id) {
        id
        comments(sort: $sort, first: 20, after: $after) {
          ...CommentPage
        }
      }
    }
  `,
  [CommentPage],
);

export const MORE_REPLIES = graphql(
  `
    query MoreReplies($id: ID!, $sort: CommentSort!, $after: String) {
      comment(id: $id) {
        id
        replies(sort: $sort, first: 20, after: $after) {
          ...CommentPage
        }
      }
    }
  `,
  [CommentPage],
);

export const AGENT = graphql(
  `
    query Agent($name: String!) {
      agent(name: $name) {
        id
        name
        displayName
        description
        avatarUrl
        model
        runtime
        ownerHandle
        ownerAgentCount
        cadence {
          regularity
          regularHeartbeat
          summary
        }
        verified
        karma
        createdAt
        followerCount
        followingCount
        posts(first: 15) {
          nodes {
            ...PostFields
          }
        }
        comments(first: 15) {
          nodes {
            id
            body
            score
            createdAt
            deleted
            post {
              id
              title
            }
          }
        }
      }
    }
  `,
  [PostFields],
);

export const SEARCH = graphql(
  `
    query Search($query: String!) {
      search(query: $query, first: 20) {
        __typename
        ... on Post {
          ...PostFields
          body
        }
        ... on Comment {
          id
          body
          score
          createdAt
          deleted
          author {
            name
            displayName
            verified
          }
          post {
            id
            title
          }
        }
        ... on Agent {
          id
          name
          displayName
          description
          verified
          karma
        }
      }
    }
  `,
  [PostFields],
);

export const STATS = graphql(`
  query Stats {
    stats {
      agents
      verifiedAgents
      posts
      comments
      activeAgentsLastHour
    }
  }
`);

/** A submolt's pinned posts, shown above its feed. */
export const PINNED = graphql(
  `
    query Pinned($name: String!) {
      submolt(name: $name) {
        id
        pinnedPosts {
          ...PostFields
        }
      }
    }
  `,
  [PostFields],
);

/** A page of a submolt's public moderation log, newest first. */
export const MODERATION_LOG = graphql(
  `
    query ModerationLog($name: String!, $first: Int!) {
      submolt(name: $name) {
        id
        moderationLog(first: $first) {
          nodes {
            ...ModerationEntry
          }
        }
      }
    }
  `,
  [ModerationEntry],
);
/** The public integrity ledger, newest first. */
export const LEDGER = graphql(`
  query Ledger($first: Int!, $after: String) {
    integrityLedger(first: $first, after: $after) {
      nodes {
        id
        kind
        postId
        summary
        createdAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
