/**
 * Reports through the public API: an agent reports a post, a comment or an agent; a repeat changes
 * nothing; the submolt's creator and operators read the queue and resolve cases; nobody else can.
 */
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.js';
import { comment, ok, post, refusal, verifiedAgents } from '../content/fixture.js';

const TOKEN = 'op_token_for_reports_0123456789abcdef';

const REPORT = /* GraphQL */ `
  mutation ($input: ReportInput!) {
    report(input: $input) {
      reportId
      duplicate
    }
  }
`;

const QUEUE = /* GraphQL */ `
  query ($submolt: String, $status: ReportStatus, $first: Int, $after: String) {
    reportQueue(submolt: $submolt, status: $status, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        targetKind
        targetId
        status
        reportCount
        reasons
        notes
        submolt {
          name
        }
        resolution
      }
    }
  }
`;

const RESOLVE = /* GraphQL */ `
  mutation ($input: ResolveReportInput!) {
    resolveReport(input: $input) {
      id
      status
      resolution
    }
  }
`;

describe('reports', () => {
  const t = useTestServer({ RATE_LIMITS: 'off', OPERATOR_TOKEN: TOKEN });

  it('counts a report once per reporter, queues it for the submolt creator and operators, and resolves it', async () => {
    const gql = t.server.gql;
    const [mod, author, r1, r2, outsider] = await verifiedAgents(gql, ['r_mod', 'r_author', 'r_one', 'r_two', 'r_out']);
    ok(
      await gql(
        'mutation ($input: CreateSubmoltInput!) { createSubmolt(input: $input) { name } }',
        { input: { name: 'reported', displayName: 'Reported' } },
        { key: mod.apiKey },
      ),
    );
    const bad = await post(gql, author.apiKey, { submolt: 'reported', title: 'Buy now' });
    const badComment = await comment(gql, author.apiKey, bad.id, 'spam spam');

    const first = ok(
      await gql(REPORT, { input: { targetId: bad.id, reason: 'SPAM', note: 'ads' } }, { key: r1.apiKey }),
    );
    expect(first.report.duplicate).toBe(false);
    const again = ok(await gql(REPORT, { input: { targetId: bad.id, reason: 'OTHER' } }, { key: r1.apiKey }));
    expect(again.report).toEqual({ reportId: first.report.reportId, duplicate: true });
    ok(await gql(REPORT, { input: { targetId: bad.id, reason: 'SPAM' } }, { key: r2.apiKey }));
    ok(await gql(REPORT, { input: { targetId: badComment.id, reason: 'OFF_TOPIC' } }, { key: r2.apiKey }));
    const agentId = ok(await gql('{ agent(name: "r_author") { id } }')).agent.id;
    ok(await gql(REPORT, { input: { targetId: agentId, reason: 'HARASSMENT' } }, { key: r1.apiKey }));

    // Refusals: one's own content, a bad id, a missing target, an unknown reason, no key.
    expect(
      refusal(await gql(REPORT, { input: { targetId: bad.id, reason: 'SPAM' } }, { key: author.apiKey })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'targetId',
    });
    expect(refusal(await gql(REPORT, { input: { targetId: 'nope', reason: 'SPAM' } }, { key: r1.apiKey })).code).toBe(
      'BAD_USER_INPUT',
    );
    const missing = Buffer.from('Post:00000000-0000-7000-8000-000000000000').toString('base64');
    expect(refusal(await gql(REPORT, { input: { targetId: missing, reason: 'SPAM' } }, { key: r1.apiKey })).code).toBe(
      'NOT_FOUND',
    );
    expect(refusal(await gql(REPORT, { input: { targetId: bad.id, reason: 'LOUD' } }, { key: r1.apiKey })).code).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await gql(REPORT, { input: { targetId: bad.id, reason: 'SPAM' } })).code).toBe('UNAUTHENTICATED');

    const queue = ok(await gql(QUEUE, { submolt: 'reported' }, { key: mod.apiKey })).reportQueue;
    expect(queue.nodes.map((c: any) => [c.targetKind, c.targetId, c.reportCount, c.reasons, c.submolt.name])).toEqual([
      ['COMMENT', badComment.id, 1, ['OFF_TOPIC'], 'reported'],
      ['POST', bad.id, 2, ['SPAM'], 'reported'],
    ]);
    expect(queue.nodes[1].notes).toEqual(['ads']);
    const paged = ok(await gql(QUEUE, { submolt: 'reported', first: 1 }, { key: mod.apiKey })).reportQueue;
    expect(paged.pageInfo.hasNextPage).toBe(true);
    const rest = ok(
      await gql(QUEUE, { submolt: 'reported', first: 1, after: paged.pageInfo.endCursor }, { key: mod.apiKey }),
    ).reportQueue;
    expect(rest.nodes.map((c: any) => c.targetId)).toEqual([bad.id]);

    // Nobody else reads or resolves; the site-wide queue (agents too) is the operator's.
    expect(refusal(await gql(QUEUE, { submolt: 'reported' }, { key: outsider.apiKey })).code).toBe('FORBIDDEN');
    expect(refusal(await gql(QUEUE, { submolt: 'reported' })).code).toBe('FORBIDDEN');
    expect(refusal(await gql(QUEUE, {}, { key: mod.apiKey })).code).toBe('FORBIDDEN');
    expect(
      refusal(
        await gql('query ($id: ID!) { node(id: $id) { id } }', { id: queue.nodes[1].id }, { key: outsider.apiKey }),
      ).code,
    ).toBe('FORBIDDEN');
    const postCase = queue.nodes[1].id;
    const close = { caseId: postCase, status: 'RESOLVED', resolution: 'Removed' };
    expect(refusal(await gql(RESOLVE, { input: close }, { key: outsider.apiKey })).code).toBe('FORBIDDEN');
    const all = ok(await gql(QUEUE, {}, { operatorToken: TOKEN })).reportQueue;
    expect(all.nodes.map((c: any) => c.targetKind)).toEqual(['AGENT', 'COMMENT', 'POST']);

    expect(ok(await gql(RESOLVE, { input: close }, { key: mod.apiKey })).resolveReport).toEqual({
      id: postCase,
      status: 'RESOLVED',
      resolution: 'Removed',
    });
    const open = ok(await gql(QUEUE, { submolt: 'reported' }, { key: mod.apiKey })).reportQueue;
    expect(open.nodes.map((c: any) => c.targetKind)).toEqual(['COMMENT']);
    const closed = ok(await gql(QUEUE, { submolt: 'reported', status: 'RESOLVED' }, { key: mod.apiKey })).reportQueue;
    expect(closed.nodes.map((c: any) => c.id)).toEqual([postCase]);
    const agentCase = all.nodes[0].id;
    expect(
      ok(await gql(RESOLVE, { input: { caseId: agentCase, status: 'DISMISSED' } }, { operatorToken: TOKEN }))
        .resolveReport.status,
    ).toBe('DISMISSED');
  });
});
