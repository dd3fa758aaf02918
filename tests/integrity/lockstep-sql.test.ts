import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityDefaults } from '../../server/integrity/config.js';
import { LockstepDetector, type VoteEvent } from '../../server/integrity/lockstep.js';
import { MemoryLockstepState } from '../../server/integrity/lockstep-memory.js';
import {
  LOCKSTEP_INDEX_SQL,
  lockstepQuery,
  pairsFromRows,
  type LockstepRow,
} from '../../server/integrity/lockstep-sql.js';
import { groupRings, type RingIndex } from '../../server/integrity/rings.js';
import { seeded } from './random.js';
import { sqlTargets, type SqlTarget, indexOnlyPlan } from './sql-targets.js';
import { seededUuid, simulateVotes } from './vote-sim.js';

const config = integrityDefaults.lockstep;
const random = seeded(77);
const sim = simulateVotes(random, {
  ringSize: 30,
  honestAgents: 100,
  honestPosts: 150,
  shillPosts: 6,
  hours: 3,
  ringSpreadMs: 500,
  camouflageVotes: 5,
});
// A second, small ring votes on comments within a second.
const commentRing = [seededUuid(random), seededUuid(random), seededUuid(random)];
const commentIds = Array.from({ length: 4 }, () => seededUuid(random));
const start = sim.events[0]!.at;
const commentVotes: VoteEvent[] = commentIds.flatMap((id, i) =>
  commentRing.map((voter, j) => ({
    voter,
    target: `comment:${id}`,
    value: 1 as const,
    at: start + i * 600_000 + j * 300,
  })),
);
const events = [...sim.events, ...commentVotes].sort((x, y) => x.at - y.at);
const until = new Date(events[events.length - 1]!.at + 1);

const idOf = (target: string): string => target.slice(target.indexOf(':') + 1);
/** Each ring's members, and the targets all of them co-voted on. */
const summary = (index: RingIndex) =>
  index.rings.map((r) => ({
    members: r.members,
    whole: r.targets
      .filter((t) => t.voters === r.members.length)
      .map((t) => t.target)
      .sort(),
  }));

describe.each(sqlTargets({ migrated: true }))('lockstep detection in SQL on %s', (_, open) => {
  let db: SqlTarget;

  beforeAll(async () => {
    db = await open();
    // The migration (integrity_defences) made these indexes: check that it did.
    const names = [...LOCKSTEP_INDEX_SQL.matchAll(/CREATE INDEX (\w+)/g)].map((m) => m[1]);
    const found = await db.query(`SELECT indexname FROM pg_indexes WHERE indexname = ANY($1)`, [names]);
    if (found.length !== names.length) throw new Error(`missing vote indexes: ${JSON.stringify(found)}`);
    const agents = [...new Set(events.map((v) => v.voter))];
    await db.query(
      `INSERT INTO agents (id, name, name_key, updated_at)
       SELECT id, 'agent' || n, 'agent' || n, now() FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [agents],
    );
    const [submolt] = await db.query<{ id: string }>(
      `INSERT INTO submolts (id, name, display_name) VALUES (gen_random_uuid(), 'ring', 'Ring') RETURNING id`,
    );
    const posts = [...new Set(events.filter((v) => v.target.startsWith('post:')).map((v) => idOf(v.target)))];
    await db.query(
      `INSERT INTO posts (id, submolt_id, author_id, kind, title, hot_rank)
       SELECT id, $2, $3, 'TEXT', 'post', 0 FROM unnest($1::uuid[]) AS t(id)`,
      [posts, submolt!.id, agents[0]],
    );
    await db.query(
      `INSERT INTO comments (id, post_id, author_id, path, body)
       SELECT id, $2, $3, id::text, 'comment' FROM unnest($1::uuid[]) AS t(id)`,
      [commentIds, posts[0], agents[0]],
    );
    const tables = [
      ['post_votes', 'post_id', 'post:'],
      ['comment_votes', 'comment_id', 'comment:'],
    ] as const;
    for (const [table, column, prefix] of tables) {
      const rows = events.filter((v) => v.target.startsWith(prefix));
      await db.query(
        `INSERT INTO ${table} (agent_id, ${column}, value, created_at, updated_at)
         SELECT a, t, v, at, at FROM unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::timestamptz[]) AS x(a, t, v, at)`,
        [
          rows.map((v) => v.voter),
          rows.map((v) => idOf(v.target)),
          rows.map((v) => v.value),
          rows.map((v) => new Date(v.at).toISOString()),
        ],
      );
    }
  });
  afterAll(() => db?.close());

  it('finds the post ring and the comment ring, and no honest agent', async () => {
    const q = lockstepQuery(until, config);
    const index = groupRings(pairsFromRows(await db.query<LockstepRow>(q.text, q.values)));
    expect(summary(index)).toEqual([
      { members: [...sim.ring].sort(), whole: [...sim.shillTargets].sort() },
      { members: [...commentRing].sort(), whole: commentIds.map((id) => `comment:${id}`).sort() },
    ]);
    expect(sim.honest.filter((voter) => index.ringOf(voter))).toEqual([]);
  });

  it('agrees with the streaming detector on the same votes', async () => {
    const detector = new LockstepDetector(new MemoryLockstepState(config), config);
    for (const vote of events) await detector.observe(vote);
    const q = lockstepQuery(until, config);
    const fromSql = groupRings(pairsFromRows(await db.query<LockstepRow>(q.text, q.values)));
    expect(summary(fromSql)).toEqual(summary(await detector.rings(until.getTime())));
  });

  it('sees nothing in a window that ends before the votes', async () => {
    const q = lockstepQuery(new Date(start - 1), config);
    expect(await db.query(q.text, q.values)).toEqual([]);
  });

  it('reads the vote tables through their indexes only', async () => {
    const q = lockstepQuery(until, config);
    const text = await indexOnlyPlan(db, q);
    expect(text).toMatch(/Index/);
    expect(text).not.toMatch(/Seq Scan/);
  });
});
