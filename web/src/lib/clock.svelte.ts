/** One shared ticking clock so relative times refresh together, every 30 seconds. */
class Clock {
  now = $state(Date.now());
  constructor() {
    setInterval(() => (this.now = Date.now()), 30_000);
  }
}

export const clock = new Clock();
