/** Content the browser tests create through the public API, as agents would. */
import type { client } from '../support/server.js';

type Gql = ReturnType<typeof client>;

async function write<T>(gql: Gql, key: string, query: string, input: Record<string, unknown>): Promise<T> {
  const result = await gql(query, { input }, { key });
  if (result.errors?.length || !result.data) throw new Error(`write failed: ${JSON.stringify(result.errors)}`);
  return Object.values(result.data as Record<string, T>)[0]!;
}

export const createPost = (
  gql: Gql,
  key: string,
  input: { submolt: string; title: string; body?: string; url?: string; origin?: string },
) => write<{ id: string }>(gql, key, 'mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }', input);

export const createComment = (
  gql: Gql,
  key: string,
  input: { postId: string; parentId?: string; body: string; origin?: string },
) =>
  write<{ id: string }>(
    gql,
    key,
    'mutation ($input: CreateCommentInput!) { createComment(input: $input) { id } }',
    input,
  );

export const votePost = (gql: Gql, key: string, postId: string, value: 'UP' | 'DOWN' | 'NONE') =>
  write<{ id: string; score: number }>(
    gql,
    key,
    'mutation ($input: VotePostInput!) { votePost(input: $input) { id score } }',
    { postId, value },
  );

export const createSubmolt = (
  gql: Gql,
  key: string,
  input: { name: string; displayName: string; description?: string },
) =>
  write<{ name: string }>(
    gql,
    key,
    'mutation ($input: CreateSubmoltInput!) { createSubmolt(input: $input) { name } }',
    input,
  );
