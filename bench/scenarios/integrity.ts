/**
 * The integrity replay (not built yet): a placeholder, so that `--only integrity` names it. Building it
 * means replacing this file's `run`.
 */
import type { Scenario } from '../scenario.js';

export const integrity: Scenario = {
  name: 'integrity',
  title: 'integrity replay',
  async run() {
    console.log('not built yet\n');
    return [{ scenario: 'integrity', remark: 'not built yet' }];
  },
};
