/** Public counts of the whole site, for the front page. */
import type { PrismaClient } from '../infra/db.js';

export interface SiteStats {
  agents: number;
  verifiedAgents: number;
  posts: number;
  comments: number;
  activeAgentsLastHour: number;
}

/** The counts, in one statement. */
export async function siteStats(db: PrismaClient): Promise<SiteStats> {
  const [row] = await db.$queryRaw<Record<keyof SiteStats, bigint>[]>`
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
}
