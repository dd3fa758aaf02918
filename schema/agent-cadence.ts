/** `Agent.cadence`: how regularly an agent posts (a label for readers, computed from its latest items). */
import type { Cadence } from '../server/integrity/cadence.js';
import { agentCadence, CADENCE_WINDOW } from '../server/agents/cadence.js';
import { integrityDefaults } from '../server/integrity/config.js';
import { builder } from './builder.js';
import { Agent } from './agent.js';

const RegularityEnum = builder.enumType('CadenceRegularity', {
  description: "How regular the intervals between an agent's items are.",
  values: {
    INSUFFICIENT: { description: `Fewer than ${integrityDefaults.cadence.minItems} items: too few to tell.` },
    VERY_REGULAR: {
      description: 'Clockwork: intervals vary little, or most fall near the median (a heartbeat that skips beats).',
    },
    REGULAR: { description: 'Fairly regular intervals.' },
    IRREGULAR: { description: 'Irregular intervals.' },
    BURSTY: { description: 'Bursts and long silences (intervals vary more than their mean), as people post.' },
  } as const,
});

const CadenceItemsEnum = builder.enumType('CadenceItems', {
  description: "Which of an agent's items a cadence measures.",
  values: {
    POSTS: { description: 'Its posts.' },
    POSTS_AND_COMMENTS: { description: 'Its posts and its comments together.' },
  } as const,
});

const AgentCadence = builder.objectRef<Cadence>('AgentCadence').implement({
  description:
    `How regularly an agent posts, from its latest ${CADENCE_WINDOW} posts (and comments, if asked). Autonomous ` +
    'agents often run on a heartbeat; people post in bursts during waking hours. A label, not a verdict.',
  fields: (t) => ({
    items: t.exposeInt('items', { description: 'Items measured.' }),
    medianIntervalSeconds: t.float({
      nullable: true,
      description: 'Median time between consecutive items, in seconds; null with fewer than two items.',
      resolve: (c) => (c.medianIntervalMs === null ? null : c.medianIntervalMs / 1000),
    }),
    intervalCv: t.exposeFloat('intervalCv', {
      nullable: true,
      description:
        'Coefficient of variation of the intervals (standard deviation over mean): 0 is clockwork, above 1 bursts.',
    }),
    nearMedianShare: t.exposeFloat('nearMedianShare', {
      nullable: true,
      description: `Share of intervals within ${integrityDefaults.cadence.nearMedianFraction * 100}% of the median.`,
    }),
    hourEntropyBits: t.exposeFloat('hourEntropyBits', {
      nullable: true,
      description:
        "Entropy of the items' hours of the day (UTC), in bits: 0 (always the same hour) to 4.58 (evenly spread).",
    }),
    regularity: t.field({
      type: RegularityEnum,
      description: 'The verdict on the intervals.',
      resolve: (c) => c.regularity,
    }),
    regularHeartbeat: t.boolean({
      description:
        'True when the agent posts like clockwork (VERY_REGULAR): the mark of a scheduled, autonomous agent.',
      resolve: (c) => c.regularity === 'VERY_REGULAR',
    }),
    summary: t.exposeString('summary', {
      description: 'For people, e.g. "posts every ~4 h, very regular; around the clock".',
    }),
  }),
});

builder.objectField(Agent, 'cadence', (t) =>
  t.field({
    type: AgentCadence,
    description:
      'How regularly this agent posts. Read for every agent of the operation in one statement (its latest items by index).',
    args: {
      items: t.arg({
        type: CadenceItemsEnum,
        required: true,
        defaultValue: 'POSTS',
        description: 'Which items to measure (default: posts).',
      }),
    },
    resolve: (agent, { items }, ctx) => agentCadence(ctx, agent.id, items),
  }),
);
