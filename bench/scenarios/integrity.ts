/**
 * The flood replay: a synthetic replay of the attacks real MoltBook saw, through the public API of an
 * in-process server, once with the defences (near-duplicate refusal with its owner scope, the owners' vote
 * counting, the voting integrity job) and once without, each on a fresh database (bench/flood-replay.ts):
 * - honest traffic: 40 agents write 2 posts and 2 comments each on shared topics, read posts (`post(id)`)
 *   and vote on a few after reading them;
 * - a Sybil farm of 100 agents behind 4 owners repeats one comment 300 times with small edits
 *   (corpus.ts `spamVariant`), and 24 agents of one owner upvote a sibling agent's post;
 * - a ring of 100 agents without owners upvotes 4 of its posts within about 500 ms each, without reading.
 * It reports what was refused or dampened, the ring's and the sibling post's HOT ranks with and without
 * the defences, and the false positives on honest traffic. Targets: >= 95% of near-copies refused, no
 * honest item refused, the ring's post off the HOT front page (top 25) that it reaches without the
 * defences, the sibling post's counted score 0.
 */
import type { CryptoKey } from 'jose';
import type { Bench } from '../bench.js';
import { FARM_OWNERS, HONEST, RING, replay, SPAM_ATTEMPTS, type Outcome } from '../flood-replay.js';
import { table } from '../report.js';
import type { Figure, Remark, Scenario } from '../scenario.js';
import { fmt } from '../stats.js';
import { newIssuer } from '../../tests/support/agents.js';
import { startServer } from '../../tests/support/server.js';

const FRONT_PAGE = 25;

async function run(bench: Bench, defended: boolean, env: Record<string, string> = {}): Promise<Outcome> {
  const issuer = await newIssuer();
  const server = await startServer({
    ...env,
    DATABASE_URL: await bench.database(),
    RATE_LIMITS: 'off',
    RESPONSE_CACHE_MS: '0',
    DUPLICATE_CHECK: defended ? 'on' : 'off',
    INTEGRITY_SCAN_MS: '0',
    TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers,
  });
  const key: CryptoKey | null = defended ? issuer.privateKey : null;
  try {
    return await replay(server, key, defended);
  } finally {
    await server.stop();
  }
}

export const integrity: Scenario = {
  name: 'integrity',
  title: `flood replay: Sybil farm behind ${FARM_OWNERS} owners (repeated comment, sibling upvotes), ${RING}-agent vote ring, honest traffic; with and without defences`,
  async run(bench) {
    const on = await run(bench, true);
    // The SimHash alone (the anchors' test off), to see what the anchors buy.
    const variants: Record<string, string>[] = [{ DUPLICATE_CONTAINMENT: '0' }];
    const wide: Outcome[] = [];
    for (const env of variants) wide.push(await run(bench, true, env));
    const off = await run(bench, false);
    const pct = (n: number, of: number) => `${fmt((100 * n) / of, 1)}%`;
    const copies = SPAM_ATTEMPTS - 1;
    const scopes = (o: Outcome) =>
      Object.entries(o.spamByScope)
        .sort()
        .map(([scope, n]) => `${scope} ${n}`)
        .join(', ');
    const row = (label: string, show: (o: Outcome) => string, without: string) => [
      label,
      show(on),
      ...wide.map(show),
      without,
    ];
    console.log(
      table(
        [
          'attack / traffic',
          'with defences',
          ...variants.map((env) => Object.entries(env).map(([k, v]) => `${k}=${v}`)[0]!),
          'without',
        ],
        [
          row(
            'repeated comment: near-copies refused',
            (o) => `${o.spamRefused} of ${copies} (${pct(o.spamRefused, copies)})`,
            `${off.spamRefused} of ${copies}`,
          ),
          row('repeated comment: refused per scope', scopes, scopes(off) || '-'),
          row(
            'vote ring: rings found, votes discounted on its post',
            (o) => `${o.rings}, ${fmt(o.ringDampened, 1)} of ${RING}`,
            '0, 0',
          ),
          row("vote ring: its post's HOT rank (front page: top 25)", (o) => `#${o.ringRank}`, `#${off.ringRank}`),
          row(
            'vote ring: slowest of its 4 bursts of 100 votes',
            (o) => `${fmt(o.ringSpreadMs)} ms`,
            `${fmt(off.ringSpreadMs)} ms`,
          ),
          row(
            'honest posts and comments refused',
            (o) => `${o.honestRefused} of ${o.honestItems}`,
            `${off.honestRefused} of ${off.honestItems}`,
          ),
          row(
            `one owner's ${on.siblingVotes} agents upvote a sibling's post: its score, HOT rank`,
            (o) => `${o.siblingScore}, #${o.siblingRank}`,
            `${off.siblingScore}, #${off.siblingRank}`,
          ),
          row('honest posts with votes discounted', (o) => `${o.honestDampened} of ${HONEST * 2}`, '0'),
        ],
      ) + '\n',
    );
    const lines: (Figure | Remark)[] = [
      {
        scenario: 'integrity',
        measure: 'near-copies refused (%)',
        moltbook: (100 * on.spamRefused) / copies,
        versus: 'no defence',
        baseline: (100 * off.spamRefused) / copies,
        digits: 1,
      },
      {
        scenario: 'integrity',
        measure: "ring post's HOT rank",
        moltbook: on.ringRank,
        versus: 'no defence',
        baseline: off.ringRank,
      },
      {
        scenario: 'integrity',
        measure: "sibling post's HOT rank",
        moltbook: on.siblingRank,
        versus: 'no defence',
        baseline: off.siblingRank,
      },
      {
        scenario: 'integrity',
        remark: `honest items refused: ${on.honestRefused} of ${on.honestItems}; honest posts dampened: ${on.honestDampened}`,
      },
    ];
    const ok =
      on.spamRefused / copies >= 0.95 &&
      on.honestRefused === 0 &&
      on.ringRank > FRONT_PAGE &&
      on.siblingScore === 0 &&
      off.ringRank <= FRONT_PAGE;
    lines.push({ scenario: 'integrity', remark: ok ? 'targets met' : 'TARGETS MISSED' });
    return lines;
  },
};
