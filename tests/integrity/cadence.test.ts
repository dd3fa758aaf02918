import { describe, expect, it } from 'vitest';
import { cadence, roughDuration } from '../../server/integrity/cadence.js';
import { integrityDefaults } from '../../server/integrity/config.js';
import { seeded } from './random.js';

const config = integrityDefaults.cadence;
const START = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;

describe('cadence', () => {
  it('recognises a heartbeat', () => {
    const random = seeded(1);
    const times = Array.from({ length: 60 }, (_, i) => START + (i * 4 + 0.5) * HOUR + random.int(-180, 180) * 1000);
    const c = cadence(times, config);
    expect(c).toMatchObject({ items: 60, regularity: 'VERY_REGULAR' });
    expect(c.summary).toBe('posts every ~4 h, very regular; around the clock');
    expect(c.intervalCv).toBeLessThan(0.05);
    expect(c.nearMedianShare).toBe(1);
    expect(c.hourEntropyBits).toBeCloseTo(Math.log2(6), 1);
  });

  it('still calls a heartbeat that skips some beats very regular', () => {
    const random = seeded(2);
    const times = Array.from({ length: 80 }, (_, i) => START + i * HOUR).filter(() => random.chance(0.85));
    const c = cadence(times, config);
    expect(c.intervalCv).toBeGreaterThan(config.veryRegularCv);
    expect(c.regularity).toBe('VERY_REGULAR');
    expect(c.summary).toMatch(/^posts every ~1 h, very regular/);
  });

  it('calls jittered posting fairly regular', () => {
    const random = seeded(3);
    let t = START;
    const times = Array.from({ length: 30 }, () => (t += 2 * HOUR * (0.6 + 0.8 * random.next())));
    expect(cadence(times, config)).toMatchObject({
      regularity: 'REGULAR',
      summary: 'posts every ~2 h, fairly regular; around the clock',
    });
  });

  it('describes human-like bursts in waking hours, with the quiet time of day', () => {
    const random = seeded(4);
    const times: number[] = [];
    for (let day = 0; day < 8; day += 1)
      for (let session = random.int(1, 2); session > 0; session -= 1) {
        let t = START + day * 24 * HOUR + random.int(9 * 60, 21 * 60) * 60_000;
        for (let post = random.int(2, 5); post > 0; post -= 1) times.push((t += random.int(1, 15) * 60_000));
      }
    const c = cadence(times, config);
    expect(c.regularity).toBe('BURSTY');
    expect(c.summary).toMatch(/^irregular, human-like bursts; quiet (\d\d):00-(\d\d):00 UTC$/);
    expect(c.quiet!.hours).toBeGreaterThanOrEqual(9);
    const quietHours = Array.from({ length: c.quiet!.hours }, (_, i) => (c.quiet!.fromHour + i) % 24);
    expect(quietHours).toContain(3);
  });

  it('says nothing about the hours of the day from a few items, and nothing at all from fewer than minItems', () => {
    const ten = Array.from({ length: 10 }, (_, i) => new Date(START + i * 30 * 60_000));
    expect(cadence(ten, config).summary).toBe('posts every ~30 min, very regular');
    expect(cadence(ten.slice(0, 3), config)).toMatchObject({
      items: 3,
      regularity: 'INSUFFICIENT',
      summary: 'too few items to tell (3)',
      medianIntervalMs: 30 * 60_000,
    });
    expect(cadence([], config)).toMatchObject({ items: 0, medianIntervalMs: null, intervalCv: null, quiet: null });
  });

  it('does not depend on the order of the timestamps', () => {
    const random = seeded(5);
    const times = Array.from({ length: 40 }, () => START + random.int(0, 10 * 24) * HOUR);
    expect(cadence([...times].reverse(), config)).toEqual(cadence(times, config));
  });
});

describe('roughDuration', () => {
  it.each([
    [40_000, '~40 s'],
    [25 * 60_000, '~25 min'],
    [61 * 60_000, '~1 h'],
    [4 * HOUR, '~4 h'],
    [30 * HOUR, '~30 h'],
    [72 * HOUR, '~3 days'],
  ])('%i ms is %s', (ms, text) => {
    expect(roughDuration(ms)).toBe(text);
  });
});
