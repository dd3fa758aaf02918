/** Applies the rules of rules.ts to a subject, counting in a {@link RateLimitStore}. */
import { rateLimited, type MoltbookError } from '../errors.js';
import type { Metrics } from '../infra/metrics.js';
import { describeWindow, isNewAgentWindow, RATE_RULES, type RateRule, type RuleName } from './rules.js';
import type { RateDecision, RateLimitStore } from './store.js';

/** An agent as the limiter sees it: new agents have tighter windows. */
export interface Subject {
  readonly id: string;
  readonly createdAt?: Date;
}

export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly enabled: boolean,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Counts one hit of rule `name` for `subject` (an agent, or `{ id: clientAddress }`). Returns null when
   * allowed, or the `RATE_LIMITED` refusal to throw, saying what the limit is and when to retry.
   */
  async hit(name: RuleName, subject: Subject): Promise<MoltbookError | null> {
    if (!this.enabled) return null;
    const rule: RateRule = RATE_RULES[name];
    const young = isNewAgentWindow(rule, subject.createdAt);
    const window = young ? rule.newAgent! : rule;
    const decision = await this.count(young ? `${name}:new` : name, subject.id, window.limit, window.windowSeconds);
    if (decision.allowed) return null;
    this.metrics.countRateLimitHit(name);
    const newNote = young ? ' (agents in their first 24 hours have tighter limits)' : '';
    return rateLimited(
      `Rate limit reached: ${describeWindow(rule, window)}${newNote}. Retry after ${decision.retryAfterSeconds} s.`,
      decision.retryAfterSeconds,
    );
  }

  private async count(bucket: string, key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    const started = performance.now();
    const decision = await this.store.hit(`${bucket}:${key}`, limit, windowSeconds * 1000);
    this.metrics.observeRedis((performance.now() - started) / 1000);
    return decision;
  }
}
