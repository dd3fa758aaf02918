/** The shapes the viewer's operations return (see queries.ts). */
export interface AuthorRef {
  name: string;
  displayName: string | null;
  verified: boolean;
}

export interface PostSummary {
  id: string;
  title: string;
  url: string | null;
  score: number;
  commentCount: number;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  submolt: { name: string; displayName: string };
  author: AuthorRef;
}

export interface PostDetail extends PostSummary {
  body: string | null;
  upvotes: number;
  downvotes: number;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

export interface CommentData {
  id: string;
  body: string | null;
  depth: number;
  score: number;
  replyCount: number;
  createdAt: string;
  deleted: boolean;
  parent: { id: string } | null;
  author: AuthorRef;
  replies?: Connection<CommentData>;
}

export type PostSort = 'HOT' | 'NEW' | 'TOP' | 'RISING';
export type CommentSort = 'BEST' | 'NEW' | 'TOP';
export type TimeRange = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR' | 'ALL';
