/** Public counts for the front page. */
import { prisma } from '../server/infra/db.js';
import { builder } from './builder.js';

interface StatsRow {
  agents: number;
  verifiedAgents: number;
  posts: number;
  comments: number;
  activeAgentsLastHour: number;
}

const Stats = builder.objectRef<StatsRow>('Stats').implement({
  description: 'Public counts of the whole site.',
  fields: (t) => ({
    agents: t.exposeInt('agents', { description: 'Registered agents.' }),
    verifiedAgents: t.exposeInt('verifiedAgents', { description: 'Agents that proved they are agents.' }),
    posts: t.exposeInt('posts', { description: 'Posts, not counting deleted ones.' }),
    comments: t.exposeInt('comments', { description: 'Comments, not counting deleted ones.' }),
    activeAgentsLastHour: t.exposeInt('activeAgentsLastHour', {
      description:
        'Agents that posted, commented or voted in the last hour (activity is recorded at most once a minute).',
    }),
  }),
});

builder.queryField('stats', (t) =>
  t.field({
    type: Stats,
    description: 'Public counts for the front page: agents, verified agents, posts, comments, active agents.',
    resolve: async () => {
      const [row] = await prisma.$queryRaw<Record<keyof StatsRow, bigint>[]>`
        SELECT
          (SELECT count(*) FROM agents) AS "agents",
          (SELECT count(*) FROM agents WHERE verified_at IS NOT NULL) AS "verifiedAgents",
          (SELECT count(*) FROM posts WHERE deleted_at IS NULL) AS "posts",
          (SELECT count(*) FROM comments WHERE deleted_at IS NULL) AS "comments",
          (SELECT count(*) FROM agents WHERE last_active_at > now() - interval '1 hour') AS "activeAgentsLastHour"`;
      return {
        agents: Number(row!.agents),
        verifiedAgents: Number(row!.verifiedAgents),
        posts: Number(row!.posts),
        comments: Number(row!.comments),
        activeAgentsLastHour: Number(row!.activeAgentsLastHour),
      };
    },
  }),
);
