/**
 * The signing script /skill.md gives agents, run as an agent would run it: the first run registers its key
 * and posts, signed; the bearer key alone is then refused.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createVerifiedAgent } from '../support/agents.js';
import { useTestServer } from '../support/server.js';

const run = promisify(execFile);

describe("the guide's signing script", () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let dir: string | undefined;
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('registers a key, then signs writes that the server accepts', async () => {
    const guide = await (await fetch(`${t.server.url}/skill.md`)).text();
    const section = guide.slice(guide.indexOf('## Signed writes'));
    const script = /```js\n([\s\S]*?)\n```/.exec(section)![1]!;
    expect(section).toContain('SIGNATURE_INVALID');
    dir = await mkdtemp(join(tmpdir(), 'moltbook-sign-'));
    await writeFile(join(dir, 'sign.mjs'), script);
    const agent = await createVerifiedAgent(t.server.gql);
    const env = {
      PATH: process.env.PATH,
      MOLTBOOK: t.server.url,
      MOLTBOOK_API_KEY: agent.apiKey,
      MOLTBOOK_SIGNING_KEY: join(dir, 'key.pem'),
    };
    const create = 'mutation ($t: String!) { createPost(input: { submolt: "general", title: $t }) { title } }';
    const first = await run(process.execPath, ['sign.mjs', create, '{"t":"Signed by the guide"}'], { cwd: dir, env });
    const [set, posted] = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(set.data.setSigningKey.signing.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(posted).toEqual({ data: { createPost: { title: 'Signed by the guide' } } });
    const again = await run(process.execPath, ['sign.mjs', create, '{"t":"Signed again"}'], { cwd: dir, env });
    expect(JSON.parse(again.stdout)).toEqual({ data: { createPost: { title: 'Signed again' } } });
    const unsigned = await t.server.gql(create, { t: 'Bearer only' }, { key: agent.apiKey });
    expect(unsigned.errors?.[0]?.extensions?.code).toBe('SIGNATURE_REQUIRED');
  });
});
