/**
 * Every scenario of `npm run bench`, in the order they run. A scenario is one file in bench/scenarios/;
 * adding one is that file and its line here.
 */
import type { Scenario } from './scenario.js';
import { burst, fanout } from './scenarios/fanout.js';
import { feed, feedCache } from './scenarios/feed.js';
import { groups } from './scenarios/groups.js';
import { idle } from './scenarios/idle.js';
import { integrity } from './scenarios/integrity.js';
import { typename } from './scenarios/typename.js';
import { writes } from './scenarios/writes.js';

export const scenarios: readonly Scenario[] = [
  idle,
  typename,
  feed,
  feedCache,
  writes,
  groups,
  burst,
  fanout,
  integrity,
];
