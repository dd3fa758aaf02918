/**
 * The catalogue's reads of one post: the post alone, and its comments as a tree, a page of top-level
 * comments at a time. (`Thread` in reads.ts reads both at once, a fixed page of 25.)
 */
import { define } from './define.js';

/** How many replies each top-level comment of a `Comments` page shows: what fits at 100 comments a page. */
export const TREE_REPLIES = 2;

export const POSTS = {
  Post: define(
    {
      summary: 'One post by id (null if there is none), without its comments.',
      access: 'anyone',
      example: { id: 'POST_ID' },
    },
    /* GraphQL */ `
      query Post($id: ID!) {
        post(id: $id) {
          ...PostFields
        }
      }
    `,
  ),
  Comments: define(
    {
      summary: `A post's comments as a tree: \`first\` top-level comments a page (\`sort\`: BEST, NEW, OLD or TOP), each with its first ${TREE_REPLIES} replies; \`replyCount\` says how many a comment has (read the rest with \`Replies\`). Pass \`endCursor\` as \`after\` for the next page.`,
      access: 'anyone',
      example: { id: 'POST_ID', sort: 'OLD', first: 35 },
    },
    /* GraphQL */ `
      query Comments($id: ID!, $sort: CommentSort, $first: Int, $after: String) {
        post(id: $id) {
          id
          commentCount
          comments(sort: $sort, first: $first, after: $after) {
            nodes {
              ...TreeCommentFields
              replies(sort: $sort, first: ${TREE_REPLIES}) {
                nodes {
                  ...TreeCommentFields
                }
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      }
    `,
  ),
} as const;
