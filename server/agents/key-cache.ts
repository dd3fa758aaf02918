/**
 * API keys looked up recently, kept in memory for a few seconds so that an agent's writes do not each
 * pay a key lookup. Only the row is kept (the key's hash, its agent's state): every request still checks
 * its whole key against the hash. Whatever changes what a key may do (rotation, revocation, an operator's
 * revocation, suspension, verification) calls {@link KeyCache.changed}, which forgets the agent here at
 * once and on every other instance through the `agent:changed` event, before the change is answered.
 *
 * While the broker cannot be heard (Redis away), nothing is cached: an instance that might miss an
 * `agent:changed` looks every key up.
 */
import type { PubSub, Subscription } from '../pubsub/pubsub.js';
import { EVERYWHERE } from '../pubsub/topics.js';

/** How long a looked-up key is trusted without asking the database again. */
export const KEY_CACHE_MS = 10_000;
/** Keys remembered at most; past it the memory starts over. */
const MAX_KEYS = 50_000;

/** A key row as auth.ts reads it: the key's hash and state, and its agent's. */
export interface KeyRow {
  hash: Uint8Array;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** When the key expires by itself; null: never. */
  expiresAt: Date | null;
  id: string;
  name: string;
  verifiedAt: Date | null;
  suspendedAt: Date | null;
  createdAt: Date;
  ownerId: string | null;
  /** The agent's signing key (JWK `x`), its thumbprint and expiry; null: none. */
  signingKey: string | null;
  signingKeyId: string | null;
  signingKeyExpiresAt: Date | null;
}

export class KeyCache {
  private readonly rows = new Map<string, { row: KeyRow; until: number }>();
  private readonly subscription: Subscription;

  constructor(
    private readonly pubsub: PubSub,
    /** True while this instance hears every event (always, in process; while Redis is connected). */
    private readonly listening: () => boolean,
  ) {
    this.subscription = pubsub.subscribe('agent:changed', EVERYWHERE, ({ agentId }) => this.forget(agentId));
  }

  /** The row of `keyId` if it was looked up in the last {@link KEY_CACHE_MS}. */
  get(keyId: string): KeyRow | undefined {
    if (!this.listening()) {
      this.rows.clear();
      return undefined;
    }
    const entry = this.rows.get(keyId);
    if (entry && entry.until > Date.now()) return entry.row;
    if (entry) this.rows.delete(keyId);
    return undefined;
  }

  /** Remembers a row just read from the database (a key in use, not ended). */
  set(keyId: string, row: KeyRow): void {
    if (!this.listening() || row.revokedAt) return;
    if (this.rows.size >= MAX_KEYS) this.rows.clear();
    this.rows.set(keyId, { row, until: Date.now() + KEY_CACHE_MS });
  }

  /**
   * Call after committing a change to an agent's keys or state: forgets the agent on this instance and
   * resolves once every other instance has been told.
   */
  async changed(agentId: string): Promise<void> {
    this.forget(agentId);
    await this.pubsub.publish('agent:changed', { agentId });
  }

  close(): void {
    this.subscription.close();
  }

  private forget(agentId: string): void {
    for (const [keyId, { row }] of this.rows) if (row.id === agentId) this.rows.delete(keyId);
  }
}
