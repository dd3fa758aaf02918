/**
 * `npx tsx bench/integrity.ts`: the integrity checks' costs and quality on this machine, printed as
 * Markdown. Unit-level: no server; the SQL part uses a fresh database on the local PostgreSQL.
 *
 * - microseconds per fingerprint, for a 2,000-character post and a 300-character comment;
 * - near-duplicate quality at the default thresholds, and the honest tail on a corpus 5x larger;
 * - the lockstep detector's cost per vote, on the test's stream and on one 15x larger;
 * - the duplicate search's time in PostgreSQL among 200,000 fingerprints of the last day.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { integrityDefaults } from '../server/integrity/config.js';
import { duplicateQuery, FINGERPRINT_TABLE_SQL, fingerprintColumns } from '../server/integrity/duplicates.js';
import { fingerprint, fingerprintDistance } from '../server/integrity/fingerprint.js';
import { hash64 } from '../server/integrity/hash64.js';
import { LockstepDetector } from '../server/integrity/lockstep.js';
import { MemoryLockstepState } from '../server/integrity/lockstep-memory.js';
import { honestPost } from '../tests/integrity/corpus.js';
import { measureDuplicateQuality } from '../tests/integrity/duplicate-quality.js';
import { seeded } from '../tests/integrity/random.js';
import { DEFAULT_SIM, simulateVotes } from '../tests/integrity/vote-sim.js';
import { createTestDatabase } from '../tests/support/db.js';
import { fmt } from './stats.js';

const { duplicates, lockstep } = integrityDefaults;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Median over rounds of the microseconds per call of `fn`. */
function microseconds(fn: () => unknown, calls: number, rounds = 7): number {
  for (let i = 0; i < calls; i += 1) fn();
  const times = Array.from({ length: rounds }, () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) fn();
    return Number(process.hrtime.bigint() - start) / 1000 / calls;
  });
  return median(times);
}

function fingerprintCost(): void {
  const random = seeded(1);
  let post = '';
  while (post.length < 2000) post += `${honestPost(random, 1)} `;
  post = post.slice(0, 2000);
  const comment = honestPost(random, 4).slice(0, 300);
  console.log('## Fingerprints\n');
  console.log('| text | tokens | us per fingerprint (median of 7 rounds) |\n|---|---|---|');
  for (const [name, text] of [
    ['post, 2,000 characters', post],
    ['comment, 300 characters', comment],
  ] as const) {
    const us = microseconds(() => fingerprint(text, duplicates), 2000);
    console.log(`| ${name} | ${fingerprint(text, duplicates).tokenCount} | ${fmt(us, 1)} |`);
  }
}

function duplicateQuality(): void {
  const q = measureDuplicateQuality(duplicates);
  console.log('\n## Near-duplicate quality (defaults: agent and owner distance 10, site distance 7)\n');
  const perEdit = Object.entries(q.caughtAgentByEdit).map(([edit, share]) => `${edit} ${pct(share)}`);
  console.log(
    `- Honest pairs: ${fmt(q.honestPairs)}; flagged at the agent distance ${q.honestFlaggedAgent}, ` +
      `at the site distance ${q.honestFlaggedSite}; closest honest pair ${q.honestMinDistance} bits.\n` +
      `- Reposts: ${q.nearCopies}; caught against the original ${pct(q.caughtAgent)} (agent) and ` +
      `${pct(q.caughtSite)} (site); against any earlier copy ${pct(q.caughtAgentStream)} (agent).\n` +
      `- Caught per edit (agent): ${perEdit.join(', ')}.`,
  );
  const random = seeded(99);
  const honest = Array.from({ length: 3000 }, () => fingerprint(honestPost(random, random.int(3, 14)), duplicates));
  const tail = new Array<number>(17).fill(0);
  for (let i = 0; i < honest.length; i += 1)
    for (let j = i + 1; j < honest.length; j += 1) {
      const d = fingerprintDistance(honest[i]!, honest[j]!) ?? 64;
      if (d <= 16) tail[d]! += 1;
    }
  console.log(`- Larger honest corpus, ${fmt((3000 * 2999) / 2)} pairs: pairs at distance 0..16: ${tail.join(', ')}.`);
}

async function lockstepCost(): Promise<void> {
  console.log('\n## Lockstep detector (in memory)\n');
  console.log(
    '| stream | votes | us per vote (second run) | pairs flagged | rings | honest agents flagged |\n|---|---|---|---|---|---|',
  );
  const large = { ...DEFAULT_SIM, honestAgents: 5000, honestPosts: 3000, hours: 24, shillPosts: 30 };
  const streams = [
    ['test stream: ring of 100, 300 honest agents, 6 h', DEFAULT_SIM],
    ['ring of 100, 5,000 honest agents, 3,000 posts, 24 h', large],
  ] as const;
  for (const [name, options] of streams) {
    const sim = simulateVotes(seeded(2026), options);
    const run = async () => {
      const detector = new LockstepDetector(new MemoryLockstepState(lockstep), lockstep);
      const start = process.hrtime.bigint();
      for (const vote of sim.events) await detector.observe(vote);
      return { detector, us: Number(process.hrtime.bigint() - start) / 1000 / sim.events.length };
    };
    await run(); // warm-up: the first run pays for compilation
    const { detector, us } = await run();
    const index = await detector.rings(sim.events[sim.events.length - 1]!.at);
    const pairs = index.rings.reduce((sum, r) => sum + r.pairs, 0);
    const honestFlagged = sim.honest.filter((v) => index.ringOf(v)).length;
    const cells = [name, fmt(sim.events.length), fmt(us, 2), fmt(pairs), index.rings.length, honestFlagged];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

async function duplicateSqlCost(): Promise<void> {
  const db = await createTestDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(FINGERPRINT_TABLE_SQL);
    const now = Date.now();
    for (let batch = 0; batch < 20; batch += 1) {
      // Random fingerprints spread over the day: the bands' selectivity is that of real ones.
      const rows = Array.from({ length: 10_000 }, (_, i) => {
        const n = batch * 10_000 + i;
        const c = fingerprintColumns({
          tokenCount: 50,
          exact: hash64(`exact ${n}`),
          simhash: hash64(`row ${n}`),
          anchors: [],
          anchorLevel: 0,
        });
        const at = new Date(now - (n / 200_000) * 86_400_000).toISOString();
        return [randomUUID(), randomUUID(), at, c.exactKey, c.simhash, ...c.bands!];
      });
      await client.query(
        `INSERT INTO content_fingerprints
           (item_id, item_kind, author_id, created_at, token_count, exact_key, simhash, band0, band1, band2, band3)
         SELECT i, 'post', a, at, 50, e, s, b0, b1, b2, b3
           FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::bigint[], $5::bigint[],
                       $6::smallint[], $7::smallint[], $8::smallint[], $9::smallint[]) AS t(i, a, at, e, s, b0, b1, b2, b3)`,
        [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => rows.map((r) => r[k])),
      );
    }
    await client.query('ANALYZE content_fingerprints');
    console.log('\n## Duplicate search in PostgreSQL, 200,000 fingerprints in the last day\n');
    console.log('| site distance | band values probed | ms per search (median of 30) |\n|---|---|---|');
    const fp = fingerprint(honestPost(seeded(5), 8), duplicates);
    for (const distance of [3, 7, 11]) {
      const config = { ...duplicates, site: { ...duplicates.site, distance } };
      const q = duplicateQuery(fp, { agentId: randomUUID(), ownerId: null, at: new Date(now) }, config);
      const times: number[] = [];
      for (let i = 0; i < 31; i += 1) {
        const start = process.hrtime.bigint();
        await client.query(q.text, q.values);
        if (i > 0) times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const probes = (q.values.slice(10, 14) as number[][]).reduce((sum, p) => sum + p.length, 0);
      console.log(`| ${distance} | ${probes} | ${fmt(median(times), 2)} |`);
    }
  } finally {
    await client.end();
    await db.drop();
  }
}

fingerprintCost();
duplicateQuality();
await lockstepCost();
await duplicateSqlCost();
