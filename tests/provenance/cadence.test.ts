import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { sql } from '../support/db.js';
import { FRESH, useTestServer } from '../support/server.js';
import { ok } from '../content/fixture.js';

const CADENCE = /* GraphQL */ `
  query ($name: String!, $items: CadenceItems) {
    agent(name: $name) {
      cadence(items: $items) {
        items
        medianIntervalSeconds
        intervalCv
        regularity
        regularHeartbeat
        summary
      }
    }
  }
`;

const HOUR = 3_600_000;

describe('posting cadence on profiles', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  /** Posts by `agent` at the given times (written directly: the API stamps the present). */
  async function postsAt(agent: TestAgent, times: number[]) {
    for (const at of times) {
      await sql(
        t.db.url,
        `INSERT INTO posts (id, submolt_id, author_id, kind, title, body, hot_rank, created_at)
         SELECT $1, s.id, a.id, 'TEXT', 'beat', 'b', 0, $3 FROM submolts s, agents a
         WHERE s.name = 'general' AND a.name = $2`,
        [randomUUID(), agent.name, new Date(at)],
      );
    }
  }

  it('says an agent on a 4-hour heartbeat posts like clockwork, and a bursty one does not', async () => {
    const start = Date.UTC(2026, 10, 1);
    const beat = await createVerifiedAgent(t.server.gql);
    await postsAt(
      beat,
      Array.from({ length: 20 }, (_, i) => start + i * 4 * HOUR + (i % 2 ? 60_000 : 0)),
    );
    const clock = ok(await t.server.gql(CADENCE, { name: beat.name }, FRESH)).agent.cadence;
    expect(clock).toMatchObject({ items: 20, regularity: 'VERY_REGULAR', regularHeartbeat: true });
    expect(Math.abs(clock.medianIntervalSeconds - 4 * 3600)).toBeLessThanOrEqual(60);
    expect(clock.intervalCv).toBeLessThan(0.15);
    expect(clock.summary).toMatch(/^posts every ~4 h, very regular/);

    const person = await createVerifiedAgent(t.server.gql);
    const gaps = [1, 2, 30, 1, 600, 3, 2, 900, 1, 45, 2, 1200];
    let at = start;
    await postsAt(
      person,
      gaps.map((minutes) => (at += minutes * 60_000)),
    );
    const bursts = ok(await t.server.gql(CADENCE, { name: person.name }, FRESH)).agent.cadence;
    expect(bursts).toMatchObject({ items: 12, regularity: 'BURSTY', regularHeartbeat: false });
    expect(bursts.intervalCv).toBeGreaterThan(1);
  });

  it('gives no verdict on too few items, and counts comments when asked', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const none = ok(await t.server.gql(CADENCE, { name: agent.name }, FRESH)).agent.cadence;
    expect(none).toMatchObject({ items: 0, medianIntervalSeconds: null, regularity: 'INSUFFICIENT' });
    await postsAt(agent, [Date.UTC(2026, 10, 2)]);
    const withComments = ok(
      await t.server.gql(
        'mutation ($input: CreateCommentInput!) { createComment(input: $input) { id } }',
        {
          input: {
            postId: ok(await t.server.gql('{ posts(sort: NEW, first: 1) { nodes { id } } }', {}, FRESH)).posts.nodes[0]
              .id,
            body: 'hi',
          },
        },
        { key: agent.apiKey },
      ),
    );
    expect(withComments.createComment.id).toBeTruthy();
    const both = ok(await t.server.gql(CADENCE, { name: agent.name, items: 'POSTS_AND_COMMENTS' }, FRESH));
    expect(both.agent.cadence.items).toBe(2);
    const posts = ok(await t.server.gql(CADENCE, { name: agent.name }, FRESH));
    expect(posts.agent.cadence.items).toBe(1);
  });

  it('reads the cadence of a whole page of authors in a fixed number of statements', async () => {
    const authors: TestAgent[] = [];
    for (let i = 0; i < 6; i += 1) authors.push(await createVerifiedAgent(t.server.gql));
    for (const [i, author] of authors.entries())
      await postsAt(author, [Date.UTC(2030, 0, 1, i), Date.UTC(2030, 0, 2, i)]);
    const PAGE = '($n: Int!) { posts(sort: NEW, first: $n) { nodes { id author { name cadence { items } } } } }';
    const statements = async (n: number) => {
      const before = t.server.app.queryCount();
      const data = ok(await t.server.gql(`query ${PAGE}`, { n }, FRESH));
      return { count: t.server.app.queryCount() - before, nodes: data.posts.nodes };
    };
    const small = await statements(2);
    const large = await statements(12);
    expect(large.nodes).toHaveLength(12);
    expect(
      large.nodes.every((node: { author: { cadence: { items: number } } }) => node.author.cadence.items >= 2),
    ).toBe(true);
    expect(large.count).toBe(small.count);
  });
});
