/**
 * The voting integrity job through the public API: a ring voting in lockstep is found, its votes count as
 * one in HOT (`dampenedVotes`) while `score` stays raw, blind votes count less, honest read-then-vote
 * traffic is untouched, the ledger lists what was found (keyset pages, append-only) and a second run
 * records nothing new; one instance at a time runs it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { FRESH, useTestServer } from '../support/server.js';
import { dbId, ok, post, verifiedAgents } from '../content/fixture.js';
import { honestPost } from './corpus.js';
import { seeded } from './random.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import pg from 'pg';
import { LOCK_KEY } from '../../server/integrity/job.js';

const VOTE = 'mutation ($input: VotePostInput!) { votePost(input: $input) { id } }';
const READ = 'query ($id: ID!) { post(id: $id) { id title } }';
const POST = 'query ($id: ID!) { post(id: $id) { id score upvotes dampenedVotes } }';
const LEDGER = `query ($first: Int, $after: String) {
  integrityLedger(first: $first, after: $after) {
    nodes { id kind postId summary detail createdAt }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('the voting integrity job', () => {
  const t = useTestServer({ RATE_LIMITS: 'off', BLIND_VOTE_WEIGHT: '0.5' });
  let author: TestAgent;
  let honest: TestAgent[];
  let ring: TestAgent[];
  const targets: string[] = [];

  beforeAll(async () => {
    const gql = t.server.gql;
    [author] = await verifiedAgents(gql, ['job_author']);
    honest = await Promise.all([0, 1, 2].map((i) => createVerifiedAgent(gql, { name: `job_honest_${i}` })));
    ring = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => createVerifiedAgent(gql, { name: `job_ring_${i}` })));
    for (let i = 0; i < 5; i += 1)
      targets.push((await post(gql, author.apiKey, { title: `Target ${i}`, body: honestPost(seeded(i), 3) })).id);
  }, 120_000);

  it('dampens a lockstep ring and blind votes, leaves read-then-vote traffic alone, and records it', async () => {
    const gql = t.server.gql;
    const honestPost0 = targets[4]!;
    // Honest voters read the post, take their time, then vote.
    for (const agent of honest) ok(await gql(READ, { id: honestPost0 }, { key: agent.apiKey }));
    await t.server.app.services.reads.flush();
    await new Promise((r) => setTimeout(r, 1_100));
    for (const agent of honest)
      ok(await gql(VOTE, { input: { postId: honestPost0, value: 'UP' } }, { key: agent.apiKey }));
    // The ring votes on four posts together, without reading them.
    for (const target of targets.slice(0, 4))
      await Promise.all(
        ring.map(async (agent) =>
          ok(await gql(VOTE, { input: { postId: target, value: 'UP' } }, { key: agent.apiKey })),
        ),
      );

    const result = await t.server.app.services.integrity.scan();
    expect(result).toMatchObject({ ran: true, rings: 1, blindVotes: 24, postsChanged: 4 });

    const ringed = ok(await gql(POST, { id: targets[0] }, FRESH)).post;
    // Six votes count as one: five are discounted; score stays the raw total.
    expect(ringed).toMatchObject({ score: 6, upvotes: 6, dampenedVotes: 5 });
    const clean = ok(await gql(POST, { id: honestPost0 }, FRESH)).post;
    expect(clean).toMatchObject({ score: 3, dampenedVotes: 0 });
    const [ranks] = await sql(
      t.db.url,
      `SELECT (SELECT hot_rank FROM posts WHERE id = $1) - (SELECT hot_rank FROM posts WHERE id = $2) AS gap`,
      [dbId(targets[0]!), dbId(targets[1]!)],
    );
    expect(Math.abs(ranks!.gap)).toBeLessThan(1); // same net weight: only creation time apart

    const ledger = ok(await gql(LEDGER, { first: 3 }, FRESH)).integrityLedger;
    expect(ledger.pageInfo.hasNextPage).toBe(true);
    const next = ok(await gql(LEDGER, { first: 10, after: ledger.pageInfo.endCursor }, FRESH)).integrityLedger;
    const all = [...ledger.nodes, ...next.nodes];
    expect(all.map((e: { kind: string }) => e.kind).sort()).toEqual([
      'VOTES_DAMPENED',
      'VOTES_DAMPENED',
      'VOTES_DAMPENED',
      'VOTES_DAMPENED',
      'VOTE_RING',
    ]);
    const ringEntry = all.find((e: { kind: string }) => e.kind === 'VOTE_RING');
    expect(JSON.parse(ringEntry.detail).members.sort()).toEqual(ring.map((a) => a.id).sort());

    // A second run finds the same and records nothing new.
    const again = await t.server.app.services.integrity.scan();
    expect(again).toMatchObject({ ran: true, postsChanged: 0, entries: [] });
  });

  it('keeps the ledger append-only', async () => {
    await expect(sql(t.db.url, `UPDATE integrity_ledger SET summary = 'edited'`)).rejects.toThrow(/append-only/);
    await expect(sql(t.db.url, `DELETE FROM integrity_ledger`)).rejects.toThrow(/append-only/);
  });

  it('runs on one instance at a time: a run finding the lock held does nothing', async () => {
    const holder = new pg.Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [LOCK_KEY.toString()]);
      expect(await t.server.app.services.integrity.scan()).toMatchObject({ ran: false });
      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [LOCK_KEY.toString()]);
      expect(await t.server.app.services.integrity.scan()).toMatchObject({ ran: true });
    } finally {
      await holder.end();
    }
  });
});
