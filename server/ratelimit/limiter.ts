/** Applies the rules of rules.ts to a subject, counting in a {@link RateLimitStore}. */
import { rateLimited, type MoltbookError } from '../errors.js';
import type { Metrics } from '../infra/metrics.js';
import {
  AGENT_RULES,
  describeWindow,
  OWNER_RULES,
  isNewAgentWindow,
  RATE_RULES,
  type RateRule,
  type RateWindow,
  type RuleName,
} from './rules.js';
import type { RateLimitStore, WindowState } from './store.js';

/** An agent as the limiter sees it: new agents have tighter windows. */
export interface Subject {
  readonly id: string;
  readonly createdAt?: Date;
  /** An agent's owner, for the per-owner windows ({@link OWNER_RULES}); null or absent: the agent itself. */
  readonly ownerId?: string | null;
}

/** Where a subject stands under one rule: what the `RateLimit` headers and `me { rateLimits }` report. */
export interface LimitState {
  readonly name: RuleName;
  /** The window that applies to the subject (the rule's, or its tighter one for a new agent). */
  readonly limit: number;
  readonly windowSeconds: number;
  /** "at most 1 post per 2 hours (agents in their first 24 hours have tighter limits)". */
  readonly description: string;
  readonly remaining: number;
  /** Seconds until the oldest counted hit leaves the window and one more is available; null when none is counted. */
  readonly nextFreeSeconds: number | null;
}

/** The outcome of counting one hit. */
export interface Hit {
  /** The `RATE_LIMITED` refusal to throw, or null when the hit was counted. */
  readonly refused: MoltbookError | null;
  /** The window after this hit; null while rate limits are off. */
  readonly state: LimitState | null;
  /** Takes the hit back (a write that did not commit). */
  release(): Promise<void>;
}

const NEW_AGENT_NOTE = ' (agents in their first 24 hours have tighter limits)';

const notCounted: Hit = { refused: null, state: null, release: async () => undefined };

export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly enabled: boolean,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Counts one hit of rule `name` for `subject` (an agent, or `{ id: clientAddress }`). A refused hit
   * carries the `RATE_LIMITED` error saying what the limit is and when to retry.
   */
  async hit(name: RuleName, subject: Subject): Promise<Hit> {
    if (!this.enabled) return notCounted;
    const window = this.windowOf(name, subject);
    const decision = await this.timed(this.store.hit(window.key, window.limit, window.windowSeconds * 1000));
    const state = this.stateOf(name, window, decision);
    if (decision.allowed) return { refused: null, state, release: decision.release };
    this.metrics.countRateLimitHit(name);
    const retryAfter = Math.max(1, state.nextFreeSeconds ?? window.windowSeconds);
    const refused = rateLimited(`Rate limit reached: ${state.description}. Retry after ${retryAfter} s.`, retryAfter);
    return { refused, state, release: decision.release };
  }

  /**
   * {@link hit}, and then the per-owner window of rule `name` ({@link OWNER_RULES}) for the subject's
   * owner (the agent itself without one): both are counted or neither. The state is the agent's.
   */
  async hitWithOwner(name: RuleName, subject: Subject): Promise<Hit> {
    const own = await this.hit(name, subject);
    const ownerRule = OWNER_RULES[name];
    if (own.refused || !ownerRule) return own;
    const owner = await this.hit(ownerRule, { id: subject.ownerId ?? subject.id });
    if (owner.refused) {
      await Promise.all([own.release(), owner.release()]);
      return { refused: owner.refused, state: own.state, release: async () => undefined };
    }
    return {
      refused: null,
      state: own.state,
      release: async () => {
        await Promise.all([own.release(), owner.release()]);
      },
    };
  }

  /** Where `subject` stands under rule `name`, counting nothing; null while rate limits are off. */
  async peek(name: RuleName, subject: Subject): Promise<LimitState | null> {
    if (!this.enabled) return null;
    const window = this.windowOf(name, subject);
    return this.stateOf(name, window, await this.timed(this.store.peek(window.key, window.windowSeconds * 1000)));
  }

  /**
   * Where `agent` stands under each rule that counts its actions ({@link AGENT_RULES}), then under its
   * owner's windows ({@link OWNER_RULES}); empty while limits are off.
   */
  async agentStates(agent: Subject): Promise<LimitState[]> {
    const owner = { id: agent.ownerId ?? agent.id };
    const states = await Promise.all([
      ...AGENT_RULES.map((name) => this.peek(name, agent)),
      ...Object.values(OWNER_RULES).map((name) => this.peek(name, owner)),
    ]);
    return states.filter((state) => state !== null);
  }

  /**
   * Runs `transaction`, which calls `spend()` as its last step before committing: one hit of rule `name`
   * for `subject` (and of its per-owner window, see {@link hitWithOwner}), throwing `RATE_LIMITED` (so rolling the transaction back) when the window is full.
   * The hit is taken back when the transaction does not commit after all. So only writes that commit
   * count, every refusal about the input comes before `RATE_LIMITED`, and racing writes stay exact: the
   * store allows at most `limit` of them.
   */
  async spendOnCommit<T>(
    name: RuleName,
    subject: Subject,
    transaction: (spend: () => Promise<void>) => Promise<T>,
  ): Promise<T> {
    let spent: Hit | null = null;
    try {
      return await transaction(async () => {
        const hit = await this.hitWithOwner(name, subject);
        if (hit.refused) throw hit.refused;
        spent = hit;
      });
    } catch (error) {
      await (spent as Hit | null)?.release();
      throw error;
    }
  }

  /** `question` to the store, its time observed (the store is Redis when the deployment has one). */
  private async timed<T>(question: Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await question;
    } finally {
      this.metrics.observeRedis((performance.now() - started) / 1000);
    }
  }

  /** The window rule `name` applies to `subject`, and the store key that counts it. */
  private windowOf(name: RuleName, subject: Subject): RateWindow & { key: string; young: boolean } {
    const rule: RateRule = RATE_RULES[name];
    const young = isNewAgentWindow(rule, subject.createdAt);
    const window = young ? rule.newAgent! : rule;
    return {
      limit: window.limit,
      windowSeconds: window.windowSeconds,
      young,
      key: `${name}${young ? ':new' : ''}:${subject.id}`,
    };
  }

  private stateOf(name: RuleName, window: ReturnType<RateLimiter['windowOf']>, counted: WindowState): LimitState {
    return {
      name,
      limit: window.limit,
      windowSeconds: window.windowSeconds,
      description: describeWindow(RATE_RULES[name], window) + (window.young ? NEW_AGENT_NOTE : ''),
      remaining: Math.max(0, window.limit - counted.used),
      nextFreeSeconds: counted.nextFreeMs === null ? null : Math.max(1, Math.ceil(counted.nextFreeMs / 1000)),
    };
  }
}
