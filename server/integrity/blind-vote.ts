/**
 * "Vote without reading": rings of the real MoltBook upvoted posts their accounts never fetched. The
 * server knows when an agent last fetched a post or comment (the caller records reads); a vote with no
 * read before it, or one cast too soon after the read to have been decided on, is blind. A signal to
 * count and to weigh, not a reason to refuse the vote.
 */
import type { BlindVoteConfig } from './config.js';

/** Why a vote is blind. */
export type BlindVoteReason = 'NEVER_FETCHED' | 'TOO_FAST';

/**
 * Whether a vote cast at `votedAt` is blind, given the voter's latest fetch of the target up to the
 * vote (null: never). Returns the reason, or null when the read came at least `minReadMs` before the
 * vote. A read stamped after the vote (clocks of two instances) counts as too fast, not as a read.
 */
export function blindVoteReason(
  lastFetchedAt: Date | null,
  votedAt: Date,
  config: BlindVoteConfig,
): BlindVoteReason | null {
  if (lastFetchedAt === null) return 'NEVER_FETCHED';
  return votedAt.getTime() - lastFetchedAt.getTime() < config.minReadMs ? 'TOO_FAST' : null;
}
