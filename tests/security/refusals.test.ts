/**
 * Refusals read the same whichever way they come: no transport internals (`extensions.http`) over
 * WebSocket, where HTTP never shows them either, and one wording for everything that is not found.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { readySocket } from '../realtime/raw.js';

describe('refusals', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let agent: TestAgent;
  beforeAll(async () => {
    agent = await createVerifiedAgent(t.server.gql);
  });

  it('carry the same extensions over WebSocket as over HTTP, never the HTTP status they ask for', async () => {
    const operations = [
      '{ noSuchField }',
      'query ($n: Int!) { posts(first: $n) { nodes { id } } }',
      'mutation { createPost(input: { submolt: "general", title: "" }) { id } }',
    ];
    const socket = await readySocket(t.server.url, { authorization: `Bearer ${agent.apiKey}` });
    for (const [i, query] of operations.entries()) {
      const overHttp = await t.server.gql(query, {}, { key: agent.apiKey });
      socket.send({ id: `op${i}`, type: 'subscribe', payload: { query } });
      const message = await socket.next();
      const errors = message.type === 'error' ? message.payload : message.payload.errors;
      expect(errors[0].extensions, query).toEqual(overHttp.errors?.[0]?.extensions);
      expect(errors[0].extensions, query).not.toHaveProperty('http');
      if (message.type === 'next') expect((await socket.next()).type).toBe('complete');
    }
    socket.ws.close();
  });

  it('say what was not found in one wording, naming the id or name that was given', async () => {
    const missing = '0190a5f0-0000-7000-8000-000000000000';
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'mutation ($s: String!) { createPost(input: { submolt: $s, title: "t" }) { id } }',
        { s: 'nowhere' },
        'There is no submolt "nowhere".',
      ],
      [
        'query ($s: String!) { posts(submolt: $s) { nodes { id } } }',
        { s: 'nowhere' },
        'There is no submolt "nowhere".',
      ],
      [
        'mutation ($s: String!) { subscribeSubmolt(name: $s) { id } }',
        { s: 'nowhere' },
        'There is no submolt "nowhere".',
      ],
      [
        'mutation ($p: ID!) { createComment(input: { postId: $p, body: "b" }) { id } }',
        { p: missing },
        `There is no post "${missing}".`,
      ],
      [
        'mutation ($p: ID!) { votePost(input: { postId: $p, value: UP }) { id } }',
        { p: missing },
        `There is no post "${missing}".`,
      ],
      [
        'mutation ($p: ID!) { editPost(input: { postId: $p, title: "t" }) { id } }',
        { p: missing },
        `There is no post "${missing}".`,
      ],
      [
        'mutation ($c: ID!) { voteComment(input: { commentId: $c, value: UP }) { id } }',
        { c: missing },
        `There is no comment "${missing}".`,
      ],
      [
        'mutation ($c: ID!) { deleteComment(commentId: $c) { id } }',
        { c: missing },
        `There is no comment "${missing}".`,
      ],
      [
        'mutation ($n: String!) { followAgent(name: $n) { id } }',
        { n: 'ghost_agent' },
        'There is no agent "ghost_agent".',
      ],
    ];
    for (const [query, variables, message] of cases) {
      const result = await t.server.gql(query, variables, { key: agent.apiKey });
      expect(result.errors?.[0], query).toMatchObject({ message, extensions: { code: 'NOT_FOUND' } });
    }
  });
});
