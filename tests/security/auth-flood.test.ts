import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { RATE_RULES } from '../../server/ratelimit/rules.js';

const REFUSALS_PER_MINUTE = RATE_RULES.authRefusal.limit;
import { codeOf, stillUp } from './helpers.js';

// Well-formed keys with a valid checksum that match nothing: each costs a lookup and an audit row.
const FORGED = 'moltbook_sk_';

describe('a flood of invalid keys from one address', () => {
  const t = useTestServer({ RATE_LIMITS: 'on' });

  it('is audited up to a budget, then refused with RATE_LIMITED and no further audit rows', async () => {
    const { generateApiKey } = await import('../../server/agents/keys.js');
    const keys = Array.from({ length: REFUSALS_PER_MINUTE + 5 }, () => generateApiKey().key);
    expect(keys[0]!.startsWith(FORGED)).toBe(true);
    const codes: string[] = [];
    for (const key of keys) codes.push(String(codeOf(await t.server.gql('{ me { id } }', undefined, { key }))));
    expect(codes.slice(0, REFUSALS_PER_MINUTE).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.slice(REFUSALS_PER_MINUTE)).toEqual(Array(5).fill('RATE_LIMITED'));
    const [row] = await sql<{ n: string }>(
      t.db.url,
      "SELECT count(*) AS n FROM audit_log WHERE operation = 'authenticate' AND outcome = 'refused'",
    );
    expect(Number(row?.n)).toBe(REFUSALS_PER_MINUTE);
    // Requests without a key still work, and the server is up.
    expect((await t.server.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect(await stillUp(t.server.url)).toBe(true);
  });
});
