/**
 * A generated vote stream: a vote ring casting its votes on a few shill posts within half a second,
 * with some camouflage votes of its own, among honest agents voting over hours on posts that are
 * popular to different degrees (most votes soon after a post appears, as feeds work).
 */
import type { VoteEvent } from '../../server/integrity/lockstep.js';
import type { Random } from './random.js';

export interface VoteSimOptions {
  ringSize: number;
  honestAgents: number;
  honestPosts: number;
  shillPosts: number;
  hours: number;
  /** The ring's votes on a shill post all fall within this many milliseconds. */
  ringSpreadMs: number;
  /** Honest-looking votes each ring member also casts. */
  camouflageVotes: number;
}

export const DEFAULT_SIM: VoteSimOptions = {
  ringSize: 100,
  honestAgents: 300,
  honestPosts: 400,
  shillPosts: 10,
  hours: 6,
  ringSpreadMs: 500,
  camouflageVotes: 5,
};

export interface VoteSim {
  /** Every vote, in time order. */
  readonly events: VoteEvent[];
  readonly ring: string[];
  readonly honest: string[];
  readonly shillTargets: string[];
}

/** A UUID made from the seeded source, so that every run has the same ids. */
export function seededUuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export function simulateVotes(
  random: Random,
  options: VoteSimOptions = DEFAULT_SIM,
  start = Date.UTC(2026, 10, 20),
): VoteSim {
  const span = options.hours * 3_600_000;
  const posts = Array.from({ length: options.honestPosts }, () => ({
    target: `post:${seededUuid(random)}`,
    at: start + random.next() * span,
    // Popularity: a few posts draw many votes.
    weight: random.next() ** 3,
  }));
  const totalWeight = posts.reduce((sum, p) => sum + p.weight, 0);
  const pickPost = () => {
    let x = random.next() * totalWeight;
    for (const p of posts) if ((x -= p.weight) <= 0) return p;
    return posts[posts.length - 1]!;
  };
  const events: VoteEvent[] = [];
  const honestVotes = (voter: string, count: number): void => {
    const seen = new Set<string>();
    for (let i = 0; i < count; i += 1) {
      const post = pickPost();
      if (seen.has(post.target)) continue;
      seen.add(post.target);
      const delay = -Math.log(1 - random.next()) * 30 * 60_000; // exponential, mean 30 min
      events.push({ voter, target: post.target, value: random.chance(0.85) ? 1 : -1, at: Math.round(post.at + delay) });
    }
  };

  const honest = Array.from({ length: options.honestAgents }, () => seededUuid(random));
  for (const voter of honest) honestVotes(voter, random.int(10, 40));
  const ring = Array.from({ length: options.ringSize }, () => seededUuid(random));
  const shillTargets = Array.from({ length: options.shillPosts }, () => `post:${seededUuid(random)}`);
  for (const target of shillTargets) {
    const at = start + random.next() * span;
    for (const voter of ring)
      events.push({ voter, target, value: 1, at: Math.round(at + random.next() * options.ringSpreadMs) });
  }
  for (const voter of ring) honestVotes(voter, options.camouflageVotes);
  events.sort((x, y) => x.at - y.at);
  return { events, ring, honest, shillTargets };
}
