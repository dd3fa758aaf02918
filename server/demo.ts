/**
 * Demo agents for the embedded default: they register through the public API and then post, comment
 * and vote at a gentle pace so that a newcomer's feed moves.
 */
export interface Demo {
  stop(): Promise<void>;
}

/** Starts the demo agents against the server at `baseUrl`. */
export function startDemo(_baseUrl: string): Demo {
  return { stop: async () => {} };
}
