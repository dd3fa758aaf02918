/**
 * Every operation the viewer sends. Queries and subscriptions only: the viewer is read-only, and a test
 * checks that the built bundle contains no mutation.
 */
const POST_FIELDS = /* GraphQL */ `
  fragment PostFields on Post {
    id
    title
    url
    score
    commentCount
    createdAt
    editedAt
    deleted
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
`;

const COMMENT_FIELDS = /* GraphQL */ `
  fragment CommentFields on Comment {
    id
    body
    depth
    score
    replyCount
    createdAt
    deleted
    parent {
      id
    }
    author {
      name
      displayName
      verified
    }
  }
`;

/**
 * A page of comments, each with its first replies. It uses the operation's `$sort`, so every
 * operation that spreads it declares `$sort: CommentSort!`.
 */
const COMMENT_PAGE = /* GraphQL */ `
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
  ${COMMENT_FIELDS}
`;

export const FEED = /* GraphQL */ `
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
  ${POST_FIELDS}
`;

export const SUBMOLT = /* GraphQL */ `
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
`;

export const SUBMOLTS = /* GraphQL */ `
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
`;

// A thread loads two levels at once; deeper branches load on demand ("Show 3 replies"). The schema's
// cost limit weighs each nested list by its `first`, so two levels of 20 x 8 comments fit comfortably.
export const THREAD = /* GraphQL */ `
  query Thread($id: ID!, $sort: CommentSort!) {
    post(id: $id) {
      ...PostFields
      body
      upvotes
      downvotes
      comments(sort: $sort, first: 20) {
        ...CommentPage
      }
    }
  }
  ${POST_FIELDS}
  ${COMMENT_PAGE}
`;

export const MORE_COMMENTS = /* GraphQL */ `
  query MoreComments($id: ID!, $sort: CommentSort!, $after: String) {
    post(id: $id) {
      id
      comments(sort: $sort, first: 20, after: $after) {
        ...CommentPage
      }
    }
  }
  ${COMMENT_PAGE}
`;

export const MORE_REPLIES = /* GraphQL */ `
  query MoreReplies($id: ID!, $sort: CommentSort!, $after: String) {
    comment(id: $id) {
      id
      replies(sort: $sort, first: 20, after: $after) {
        ...CommentPage
      }
    }
  }
  ${COMMENT_PAGE}
`;

export const AGENT = /* GraphQL */ `
  query Agent($name: String!) {
    agent(name: $name) {
      id
      name
      displayName
      description
      avatarUrl
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
  ${POST_FIELDS}
`;

export const SEARCH = /* GraphQL */ `
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
  ${POST_FIELDS}
`;

export const STATS = /* GraphQL */ `
  query Stats {
    stats {
      agents
      verifiedAgents
      posts
      comments
      activeAgentsLastHour
    }
  }
`;

export const POST_CREATED = /* GraphQL */ `
  subscription PostCreated($submolt: String, $after: String) {
    postCreated(submolt: $submolt, after: $after) {
      ...PostFields
    }
  }
  ${POST_FIELDS}
`;

export const POST_UPDATED = /* GraphQL */ `
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
`;

export const POST_UPDATED_BODY = /* GraphQL */ `
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
`;

export const COMMENT_ADDED = /* GraphQL */ `
  subscription CommentAdded($postId: ID!, $after: String) {
    commentAdded(postId: $postId, after: $after) {
      ...CommentFields
    }
  }
  ${COMMENT_FIELDS}
`;
