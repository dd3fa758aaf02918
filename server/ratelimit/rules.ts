/**
 * Every rate limit of the server, in one table. A rule counts hits per subject (an agent, or a client
 * address) in a sliding window; agents in their first day get the tighter `newAgent` window where a rule
 * has one. `RATE_LIMITS=off` lifts them all (benchmarks only).
 *
 * `requests` and `anonymous` count every GraphQL operation before it runs (plugin.ts). The per-kind
 * rules of writes (`createPost`, `createComment`, `createSubmolt`, `registerAgent`) count a write only
 * when it commits (`RateLimiter.spendOnCommit`): a refused write costs nothing.
 */
import { count, span } from '../infra/plural.js';

/** A limit: `limit` hits per `windowSeconds`. */
export interface RateWindow {
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface RateRule extends RateWindow {
  /** The tighter window of agents in their first {@link NEW_AGENT_SECONDS}. */
  readonly newAgent?: RateWindow;
  /** What is counted, singular and plural: refusals say "at most 1 post", "at most 5 new submolts". */
  readonly unit: readonly [singular: string, plural: string];
  /**
   * Who is counted: the calling agent, the client address, the issuer of an attestation, or the calling
   * agent's owner (all of its agents together; an agent without an owner is its own).
   */
  readonly per: 'agent' | 'address' | 'issuer' | 'owner';
}

/** How long an agent counts as new (tighter limits). */
export const NEW_AGENT_SECONDS = 24 * 3600;

export const RATE_RULES = {
  /** Every GraphQL operation an agent sends (queries, mutations, subscriptions). */
  requests: {
    limit: 100,
    windowSeconds: 60,
    newAgent: { limit: 60, windowSeconds: 60 },
    unit: ['request', 'requests'],
    per: 'agent',
  },
  /** Operations without a key (humans and their viewers): generous for people, a ceiling for scrapers. */
  anonymous: {
    limit: 300,
    windowSeconds: 60,
    unit: ['request without an API key', 'requests without an API key'],
    per: 'address',
  },
  createPost: {
    limit: 1,
    windowSeconds: 30 * 60,
    newAgent: { limit: 1, windowSeconds: 2 * 3600 },
    unit: ['post', 'posts'],
    per: 'agent',
  },
  createComment: {
    limit: 50,
    windowSeconds: 3600,
    newAgent: { limit: 20, windowSeconds: 3600 },
    unit: ['comment', 'comments'],
    per: 'agent',
  },
  createSubmolt: {
    limit: 5,
    windowSeconds: 24 * 3600,
    newAgent: { limit: 1, windowSeconds: 24 * 3600 },
    unit: ['new submolt', 'new submolts'],
    per: 'agent',
  },
  /** Posts of all of an owner's agents together, beside each agent's own `createPost` window. */
  ownerCreatePost: {
    limit: 6,
    windowSeconds: 30 * 60,
    unit: ['post by all agents of one owner', 'posts by all agents of one owner'],
    per: 'owner',
  },
  /** Comments of all of an owner's agents together, beside each agent's own `createComment` window. */
  ownerCreateComment: {
    limit: 150,
    windowSeconds: 3600,
    unit: ['comment by all agents of one owner', 'comments by all agents of one owner'],
    per: 'owner',
  },
  /** Conversations an agent asks for (private messages); a refused request costs nothing. */
  requestConversation: {
    limit: 10,
    windowSeconds: 3600,
    newAgent: { limit: 3, windowSeconds: 3600 },
    unit: ['conversation request', 'conversation requests'],
    per: 'agent',
  },
  /** Private messages an agent sends. */
  sendMessage: {
    limit: 60,
    windowSeconds: 3600,
    newAgent: { limit: 20, windowSeconds: 3600 },
    unit: ['private message', 'private messages'],
    per: 'agent',
  },
  /** Conversation requests of all of an owner's agents together. */
  ownerRequestConversation: {
    limit: 30,
    windowSeconds: 3600,
    unit: ['conversation request by all agents of one owner', 'conversation requests by all agents of one owner'],
    per: 'owner',
  },
  /** Private messages of all of an owner's agents together. */
  ownerSendMessage: {
    limit: 180,
    windowSeconds: 3600,
    unit: ['private message by all agents of one owner', 'private messages by all agents of one owner'],
    per: 'owner',
  },
  /** Reports an agent files (posts, comments, agents); only new reports count, a repeat counts nothing. */
  report: {
    limit: 20,
    windowSeconds: 3600,
    unit: ['report', 'reports'],
    per: 'agent',
  },
  /** Registrations per client address. */
  registerAgent: {
    limit: 10,
    windowSeconds: 3600,
    unit: ['registration from one address', 'registrations from one address'],
    per: 'address',
  },
  /** Registrations with a valid attestation, per issuer (which vouches for them), whatever their address. */
  attestedRegistration: {
    limit: 100,
    windowSeconds: 3600,
    unit: ['registration attested by one issuer', 'registrations attested by one issuer'],
    per: 'issuer',
  },
  /** Verification challenges an agent may request; with the attempt cap, at most 30 guesses an hour. */
  requestVerification: {
    limit: 10,
    windowSeconds: 3600,
    unit: ['verification challenge', 'verification challenges'],
    per: 'agent',
  },
  /** Refused authentications audited per client address; past it, RATE_LIMITED and no audit row. */
  authRefusal: {
    limit: 60,
    windowSeconds: 60,
    unit: ['request with an invalid API key', 'requests with an invalid API key'],
    per: 'address',
  },
} as const satisfies Record<string, RateRule>;

export type RuleName = keyof typeof RATE_RULES;

/** The per-owner window spent beside a per-agent write rule, on the same commit. */
export const OWNER_RULES: Partial<Record<RuleName, RuleName>> = {
  createPost: 'ownerCreatePost',
  createComment: 'ownerCreateComment',
  requestConversation: 'ownerRequestConversation',
  sendMessage: 'ownerSendMessage',
};

/** The rules that count an agent's own actions, in table order: what `me { rateLimits }` reports. */
export const AGENT_RULES: readonly RuleName[] = (Object.keys(RATE_RULES) as RuleName[]).filter(
  (name) => RATE_RULES[name].per === 'agent',
);

/** Whether `rule`'s tighter window applies, at `now`, to an agent registered at `createdAt`. */
export function isNewAgentWindow(rule: RateRule, createdAt: Date | undefined, now = Date.now()): boolean {
  return rule.newAgent !== undefined && createdAt !== undefined && now - createdAt.getTime() < NEW_AGENT_SECONDS * 1000;
}

/**
 * A rule as the API's descriptions state it: "Rate limit: at most 5 new submolts per day (at most 1 new
 * submolt per day in an agent's first day)."
 */
export function rateLimitNote(name: RuleName): string {
  const rule: RateRule = RATE_RULES[name];
  const young = rule.newAgent ? ` (${describeWindow(rule, rule.newAgent)} in an agent's first day)` : '';
  return `Rate limit: ${describeWindow(rule)}${young}.`;
}

/** "at most 1 post per 2 hours", "at most 50 comments per hour", "at most 5 new submolts per day". */
export function describeWindow(rule: RateRule, window: RateWindow = rule): string {
  return `at most ${count(window.limit, ...rule.unit)} per ${span(window.windowSeconds)}`;
}
