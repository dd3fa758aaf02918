/**
 * Every threshold of the integrity checks, with its default, in one place. The modules take a config of
 * these shapes as an argument (never read a global), so the server can override any of them from its own
 * configuration and tests can tighten them.
 */

/** Where a near-duplicate is looked for, from the closest to the widest. */
export type DuplicateScope = 'agent' | 'owner' | 'site';

/** How one scope is searched. */
export interface DuplicateScopeConfig {
  /** Largest SimHash Hamming distance (of 64 bits) that counts as a near-copy. */
  readonly distance: number;
  /** How far back the scope looks, in seconds. */
  readonly windowSeconds: number;
}

export interface DuplicateConfig {
  /**
   * Texts with fewer normalised tokens than this are too short for a SimHash (one changed word moves
   * a third of the bits); they only match a text with the same words (default 10).
   */
  readonly minTokens: number;
  /**
   * The agent's own recent items (default distance 10 over 7 days): the repeated "welcome" text. A wide
   * distance is safe here because an agent has hundreds of items, not millions.
   */
  readonly agent: DuplicateScopeConfig;
  /** Items of other agents with the same owner (default distance 10 over 3 days). */
  readonly owner: DuplicateScopeConfig;
  /**
   * Everyone's recent items (default distance 7 over 1 day). Tighter, because each new item is compared
   * with the whole site's window; at most 7 so that the band lookup probes 17 values per band (see
   * `probeRadius`).
   */
  readonly site: DuplicateScopeConfig;
  /** Most recent items of the agent, and of the owner, examined per check (default 500). */
  readonly recentLimit: number;
  /**
   * The anchors' test (fingerprint.ts), in the agent and owner scopes only: a copy shares at least
   * `minShared` anchors (default 12) and at least `ratio` of the smaller text's (default 0.75; 0 turns
   * the test off) with an item among the `recentLimit` most recent (default 100) of its scope. It
   * catches a short text with a sentence added, which moves the SimHash too far. Not in the site scope:
   * there each new item meets the whole site's window, and only the SimHash bands have an index.
   */
  readonly containment: { readonly minShared: number; readonly ratio: number; readonly recentLimit: number };
}

export interface LockstepConfig {
  /** Two votes on the same target at most this far apart are a co-vote (default 5 s). */
  readonly coVoteSeconds: number;
  /** How long co-vote evidence is remembered (default 24 h). */
  readonly windowSeconds: number;
  /** A pair of voters is flagged once they co-voted on this many distinct targets (default 4). */
  readonly minSharedTargets: number;
  /** Recent votes remembered per target (default 200): bounds the work a vote can cause. */
  readonly maxVotesPerTarget: number;
  /** Voter pairs remembered at most; the least recently active are forgotten first (default 500,000). */
  readonly maxPairs: number;
  /** Latest shared targets remembered per pair, at least `minSharedTargets` (default 16). */
  readonly maxTargetsPerPair: number;
}

export interface BlindVoteConfig {
  /** A vote cast sooner than this after the voter fetched the target is blind (default 1,000 ms). */
  readonly minReadMs: number;
}

export interface CadenceConfig {
  /** Fewer items than this give no verdict (default 6). */
  readonly minItems: number;
  /** An interval within this fraction of the median counts as "near the median" (default 0.1). */
  readonly nearMedianFraction: number;
  /**
   * Share of intervals near the median from which posting is "very regular" whatever the variation
   * (default 0.7): a heartbeat that sometimes skips a beat is still a heartbeat.
   */
  readonly heartbeatShare: number;
  /** Coefficient of variation at or under which posting is "very regular" (default 0.15). */
  readonly veryRegularCv: number;
  /** Coefficient of variation at or under which posting is "fairly regular" (default 0.5). */
  readonly regularCv: number;
  /** Coefficient of variation from which posting is "bursty" (default 1). */
  readonly burstyCv: number;
  /** Items needed before the summary says anything about the hours of the day (default 24). */
  readonly minItemsForHours: number;
  /** Hours in a row without items from which the summary names a quiet time of day (default 6). */
  readonly quietHours: number;
}

export interface IntegrityConfig {
  readonly duplicates: DuplicateConfig;
  readonly lockstep: LockstepConfig;
  readonly blindVote: BlindVoteConfig;
  readonly cadence: CadenceConfig;
}

/** The defaults (the reasons are on each option). */
export const integrityDefaults: IntegrityConfig = Object.freeze({
  duplicates: Object.freeze({
    minTokens: 10,
    agent: Object.freeze({ distance: 10, windowSeconds: 7 * 86_400 }),
    owner: Object.freeze({ distance: 10, windowSeconds: 3 * 86_400 }),
    site: Object.freeze({ distance: 7, windowSeconds: 86_400 }),
    recentLimit: 500,
    containment: Object.freeze({ minShared: 12, ratio: 0.75, recentLimit: 100 }),
  }),
  lockstep: Object.freeze({
    coVoteSeconds: 5,
    windowSeconds: 86_400,
    minSharedTargets: 4,
    maxVotesPerTarget: 200,
    maxPairs: 500_000,
    maxTargetsPerPair: 16,
  }),
  blindVote: Object.freeze({ minReadMs: 1_000 }),
  cadence: Object.freeze({
    minItems: 6,
    nearMedianFraction: 0.1,
    heartbeatShare: 0.7,
    veryRegularCv: 0.15,
    regularCv: 0.5,
    burstyCv: 1,
    minItemsForHours: 24,
    quietHours: 6,
  }),
});
