/** The integrity settings read from the environment: defaults, overrides, and refusals naming the variable. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { integrityDefaults } from '../../server/integrity/config.js';

describe('integrity settings', () => {
  it('default to the integrity defaults, with the check on and the job every 30 s', () => {
    const config = loadConfig({});
    expect(config.duplicateCheck).toBe(true);
    expect(config.integrity).toEqual(integrityDefaults);
    expect(config.integrityScanMs).toBe(30_000);
    expect(config.blindVoteWeight).toBe(0.5);
  });

  it('take overrides from the environment', () => {
    const config = loadConfig({
      DUPLICATE_CHECK: 'off',
      DUPLICATE_MIN_TOKENS: '12',
      DUPLICATE_AGENT_DISTANCE: '8',
      DUPLICATE_SITE_DISTANCE: '3',
      DUPLICATE_CONTAINMENT: '60',
      INTEGRITY_SCAN_MS: '0',
      BLIND_VOTE_WEIGHT: '0.25',
    });
    expect(config.duplicateCheck).toBe(false);
    expect(config.integrity.duplicates).toMatchObject({
      minTokens: 12,
      agent: { distance: 8 },
      owner: { distance: 8 },
      site: { distance: 3 },
      containment: { ratio: 0.6, minShared: 12 },
    });
    expect(config.integrityScanMs).toBe(0);
    expect(config.blindVoteWeight).toBe(0.25);
  });

  it('refuse values out of range, naming the variable', () => {
    expect(() => loadConfig({ DUPLICATE_SITE_DISTANCE: '12' })).toThrow(/DUPLICATE_SITE_DISTANCE must be 0 to 11/);
    expect(() => loadConfig({ DUPLICATE_CONTAINMENT: '101' })).toThrow(/DUPLICATE_CONTAINMENT must be 0 to 100/);
    expect(() => loadConfig({ INTEGRITY_SCAN_MS: '50' })).toThrow(/INTEGRITY_SCAN_MS must be 0 \(off\) or 100/);
    expect(() => loadConfig({ BLIND_VOTE_WEIGHT: '2' })).toThrow(/BLIND_VOTE_WEIGHT must be a number from 0 to 1/);
    expect(() => loadConfig({ DUPLICATE_CHECK: 'yes' })).toThrow(/DUPLICATE_CHECK must be "on" or "off"/);
  });
});
