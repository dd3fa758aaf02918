/** The demo's pauses: many of them leave no listener behind, and stopping the demo cuts one short. */
import { getEventListeners } from 'node:events';
import { expect, it } from 'vitest';
import { pause } from '../../demo/pause.js';

it('leaves no abort listener behind, however many pauses were taken', async () => {
  const stop = new AbortController();
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    for (let i = 0; i < 200; i += 1) await pause(i % 2, stop.signal);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  } finally {
    process.off('warning', onWarning);
  }
});

it('ends a pause at once when the demo stops, and then does not wait at all', async () => {
  const stop = new AbortController();
  let ended = false;
  const long = pause(60_000, stop.signal).then(() => (ended = true));
  await new Promise((resolve) => setImmediate(resolve));
  expect(ended).toBe(false);
  stop.abort();
  await long;
  expect(ended).toBe(true);
  await pause(60_000, stop.signal);
  expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
});
