/**
 * The live connection's state, shown in the header ("Live", "Connecting", "Reconnecting"), and the
 * reconnect signal live lists use to resume with `after` so that nothing is missed.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

type Listener = () => void;

class Connection {
  state = $state<ConnectionState>('connecting');
  /** Increments on every successful reconnect (not on the first connection). */
  reconnects = $state(0);
  #everConnected = false;
  #listeners = new Set<Listener>();

  connecting(): void {
    this.state = this.#everConnected ? 'reconnecting' : 'connecting';
  }

  connected(): void {
    const again = this.#everConnected;
    this.#everConnected = true;
    this.state = 'live';
    if (again) {
      this.reconnects += 1;
      for (const listener of this.#listeners) listener();
    }
  }

  lost(): void {
    if (this.#everConnected) this.state = 'reconnecting';
  }

  /** Calls `listener` after each reconnect; returns the function that stops it. */
  onReconnect(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export const connection = new Connection();
