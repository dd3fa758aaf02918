/** The comment tree of a thread page, built from nested connections and grown by live events. */
import type { CommentData, PageInfo } from './fragments.js';

/** A page of comments whose nodes may carry their first page of replies (the `CommentPage` fragment). */
export interface CommentPageData {
  nodes: (CommentData & { replies?: CommentPageData })[];
  pageInfo: PageInfo;
}

export interface TreeNode {
  comment: CommentData;
  replies: TreeNode[];
  /** Where the next page of replies starts (null: from the beginning, nothing loaded yet). */
  endCursor: string | null;
  hasMore: boolean;
  fresh: boolean;
  collapsed: boolean;
}

/** Turns a page of comments (with nested reply pages) into tree nodes; `see` gets each comment. */
export function toNodes(page: CommentPageData, see: (comment: CommentData) => void): TreeNode[] {
  return page.nodes.map((node) => {
    see(node);
    const { replies, ...comment } = node;
    return {
      comment,
      replies: replies ? toNodes(replies, see) : [],
      endCursor: replies?.pageInfo.endCursor ?? null,
      hasMore: replies ? replies.pageInfo.hasNextPage : node.replyCount > 0,
      fresh: false,
      collapsed: false,
    };
  });
}

/** The node of comment `id`, searched depth first. */
export function findNode(nodes: TreeNode[], id: string): TreeNode | null {
  for (const node of nodes) {
    if (node.comment.id === id) return node;
    const found = findNode(node.replies, id);
    if (found) return found;
  }
  return null;
}

export function freshNode(comment: CommentData): TreeNode {
  return { comment, replies: [], endCursor: null, hasMore: false, fresh: true, collapsed: false };
}

/** Counts the comments under `node` that are loaded. */
export function loadedDescendants(node: TreeNode): number {
  return node.replies.reduce((sum, child) => sum + 1 + loadedDescendants(child), 0);
}
