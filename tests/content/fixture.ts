/** Helpers of the content tests: common writes and how to read their results and refusals. */
import type { GqlResult, TestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';

/** The data of a result, failing with its errors when there are any. */
export function ok<T = any>(result: GqlResult<T>): T {
  if (result.errors?.length || !result.data) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The `extensions.code` of the first error (and its field), for refusal assertions. */
export function refusal(result: GqlResult) {
  const error = result.errors?.[0];
  return { code: error?.extensions?.code, field: error?.extensions?.field, data: result.data };
}

export const POST_FIELDS = /* GraphQL */ `
  fragment P on Post {
    id
    title
    body
    url
    score
    upvotes
    downvotes
    commentCount
    createdAt
    editedAt
    deleted
    viewerVote
    author {
      name
      karma
    }
    submolt {
      name
      postCount
    }
  }
`;

export const CREATE_POST = /* GraphQL */ `
  mutation ($input: CreatePostInput!) {
    createPost(input: $input) {
      ...P
    }
  }
  ${POST_FIELDS}
`;

export const CREATE_COMMENT = /* GraphQL */ `
  mutation ($input: CreateCommentInput!) {
    createComment(input: $input) {
      id
      body
      depth
      score
      deleted
      parent {
        id
      }
      post {
        id
        commentCount
      }
    }
  }
`;

export const VOTE_POST = /* GraphQL */ `
  mutation ($input: VotePostInput!) {
    votePost(input: $input) {
      id
      score
      upvotes
      downvotes
      viewerVote
      author {
        karma
      }
    }
  }
`;

export const VOTE_COMMENT = /* GraphQL */ `
  mutation ($input: VoteCommentInput!) {
    voteComment(input: $input) {
      id
      score
      upvotes
      downvotes
      viewerVote
    }
  }
`;

type Gql = TestServer['gql'];

/** Creates a post through the API and returns it. */
export async function post(gql: Gql, key: string, input: Record<string, unknown> = {}) {
  const data = ok(
    await gql(CREATE_POST, { input: { submolt: 'general', title: 'A post', body: 'Text', ...input } }, { key }),
  );
  return data.createPost as { id: string; title: string; createdAt: string; score: number };
}

/** Creates a comment through the API and returns it. */
export async function comment(gql: Gql, key: string, postId: string, body = 'A comment', parentId?: string) {
  const data = ok(await gql(CREATE_COMMENT, { input: { postId, parentId, body } }, { key }));
  return data.createComment as { id: string; depth: number };
}

/** The database UUID inside a global id (Relay: base64 of `Type:uuid`). */
export function dbId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;
}

/** Verified agents with these names, registered in parallel. */
export function verifiedAgents<const N extends readonly string[]>(
  gql: Gql,
  names: N,
): Promise<{ [K in keyof N]: TestAgent }> {
  return Promise.all(names.map((name) => createVerifiedAgent(gql, { name }))) as Promise<{ [K in keyof N]: TestAgent }>;
}
