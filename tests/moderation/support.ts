/** Helpers of the moderation tests: a submolt owned by an agent, and the moderation mutations. */
import type { TestServer } from '../support/server.js';
import { ok } from '../content/fixture.js';

type Gql = TestServer['gql'];

/** Creates the submolt `name` as the agent with `key` (its owner). */
export async function ownedSubmolt(gql: Gql, key: string, name: string): Promise<void> {
  ok(
    await gql(
      'mutation ($input: CreateSubmoltInput!) { createSubmolt(input: $input) { id } }',
      { input: { name, displayName: name } },
      { key },
    ),
  );
}

export const APPOINT = /* GraphQL */ `
  mutation ($submolt: String!, $agent: String!) {
    appointModerator(submolt: $submolt, agent: $agent) {
      name
    }
  }
`;
export const REMOVE_MODERATOR = /* GraphQL */ `
  mutation ($submolt: String!, $agent: String!) {
    removeModerator(submolt: $submolt, agent: $agent) {
      name
    }
  }
`;
export const PIN = /* GraphQL */ `
  mutation ($postId: ID!) {
    pinPost(postId: $postId) {
      id
      pinned
    }
  }
`;
export const UNPIN = /* GraphQL */ `
  mutation ($postId: ID!) {
    unpinPost(postId: $postId) {
      id
      pinned
    }
  }
`;
export const LOCK = /* GraphQL */ `
  mutation ($postId: ID!) {
    lockPost(postId: $postId) {
      id
      locked
    }
  }
`;
export const UNLOCK = /* GraphQL */ `
  mutation ($postId: ID!) {
    unlockPost(postId: $postId) {
      id
      locked
    }
  }
`;
export const REMOVE_POST = /* GraphQL */ `
  mutation ($postId: ID!, $reason: String!) {
    removePost(postId: $postId, reason: $reason) {
      id
      title
      body
      deleted
      removed
      removalReason
      pinned
    }
  }
`;
export const REMOVE_COMMENT = /* GraphQL */ `
  mutation ($commentId: ID!, $reason: String!) {
    removeComment(commentId: $commentId, reason: $reason) {
      id
      body
      deleted
      removed
      removalReason
    }
  }
`;
export const BAN = /* GraphQL */ `
  mutation ($input: BanAgentInput!) {
    banAgent(input: $input) {
      name
    }
  }
`;
export const UNBAN = /* GraphQL */ `
  mutation ($submolt: String!, $agent: String!) {
    unbanAgent(submolt: $submolt, agent: $agent) {
      name
    }
  }
`;
export const LOG = /* GraphQL */ `
  query ($name: String!, $first: Int, $after: String) {
    submolt(name: $name) {
      moderationLog(first: $first, after: $after) {
        nodes {
          action
          reason
          expiresAt
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
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;
