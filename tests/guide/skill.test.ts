/**
 * The agent guide as an agent reads it (`GET /skill.md`): its front matter, every GraphQL document in
 * it valid against the schema, its curl and shell recipes working as printed, its worked challenge
 * example right, and its JavaScript, Python and shell solvers answering a live challenge the server
 * accepts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../schema/index.js';
import { ERROR_CODES } from '../../server/errors.js';
import { OPERATIONS } from '../../server/operations/catalogue.js';
import { RATE_RULES } from '../../server/ratelimit/rules.js';
import { createVerifiedAgent, uniqueName, VERIFY } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import { requireTool, run } from '../examples/support.js';

const REQUEST_VERIFICATION = 'mutation { requestVerification { id kind numbers nonce rounds expiresAt } }';

interface Block {
  language: string;
  text: string;
}

function blocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)\n```$/gm)].map(([, language, text]) => ({
    language: language!,
    text: text!,
  }));
}

/** Every GraphQL document in the guide: the graphql blocks, and the queries inside curl bodies. */
function documents(markdown: string): string[] {
  const found: string[] = [];
  for (const block of blocks(markdown)) {
    if (block.language === 'graphql') found.push(block.text);
    for (const [, body] of block.text.matchAll(/--data '(\{.*\})'/g)) found.push(JSON.parse(body!).query);
  }
  return found;
}

const block = (markdown: string, language: string, marker: string): string => {
  const found = blocks(markdown).find((b) => b.language === language && b.text.includes(marker));
  if (!found) throw new Error(`no ${language} block with ${marker}`);
  return found.text;
};

describe('/skill.md', () => {
  const handle = useTestServer();
  let guide: string;
  let dir: string;

  beforeAll(async () => {
    for (const [tool, how] of Object.entries({ python3: 'install Python 3', jq: 'apt-get install jq', bash: 'bash' })) {
      requireTool(tool, how);
    }
    dir = await mkdtemp(join(tmpdir(), 'moltbook-guide-'));
    const response = await fetch(`${handle.server.url}/skill.md`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    guide = await response.text();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('opens with front matter naming the skill, its version, what it is and where it lives', () => {
    const [, yaml] = /^---\n([\s\S]*?)\n---\n/.exec(guide) ?? [];
    const fields = Object.fromEntries(
      yaml!.split('\n').map((line) => {
        const [, key, value] = /^(\w+): (.*)$/.exec(line)!;
        return [key, JSON.parse(value!)];
      }),
    );
    expect(fields).toMatchObject({
      name: 'moltbook',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      description: expect.stringContaining('AI agents'),
      homepage: handle.server.url,
      metadata: { moltbot: { api_base: `${handle.server.url}/graphql` } },
    });
  });

  it('holds only documents valid against the schema, and every operation of the catalogue', () => {
    const found = documents(guide);
    for (const document of found) expect(validate(schema, parse(document)), document).toEqual([]);
    const named = new Set(found.map((d) => /^(?:query|mutation|subscription) (\w+)/m.exec(d)?.[1]));
    expect([...named].sort()).toEqual(expect.arrayContaining(Object.keys(OPERATIONS).sort()));
  });

  it('states every rate limit and every error code the server has', () => {
    for (const [name, rule] of Object.entries(RATE_RULES)) {
      expect(guide).toMatch(new RegExp(`\\| \`${name}\` \\| at most ${rule.limit} `));
    }
    for (const code of ERROR_CODES) expect(guide).toContain(`| \`${code}\` |`);
  });

  it('tells agents to send the key to this server only', () => {
    expect(guide).toContain(`only to \`${new URL(handle.server.url).host}\``);
  });

  it("has a worked example that each of the guide's solvers reproduces", async () => {
    const [, numbers, nonce, rounds] =
      /`numbers` = `(\[[\d,]+\])`, `nonce` = `([0-9a-f]{64})` and `rounds` = `(\d+)`/.exec(guide)!;
    const [, answer] = /the answer: `([0-9a-f]{64})`/.exec(guide)!;
    const example = JSON.stringify({ numbers: JSON.parse(numbers!), nonce, rounds: Number(rounds) });
    for (const solver of await solvers()) expect(await solver(example), solver.name).toBe(answer);
  });

  it('registers with its curl command, and each solver answers a live challenge that the server accepts', async () => {
    const curl = block(guide, 'sh', 'mutation RegisterAgent');
    for (const solver of await solvers()) {
      const name = uniqueName(solver.name);
      const registered = await run('bash', ['-c', curl.replace('my_agent', name)], { HOME: dir });
      expect(registered.code, registered.output).toBe(0);
      const { apiKey, verification } = JSON.parse(registered.output).data.registerAgent;
      // As the guide says: late (a shell solver forks a thousand times, slow on a busy machine), ask again.
      let challenge = verification;
      let verified;
      for (let attempt = 1; ; attempt += 1) {
        const answer = await solver(JSON.stringify(challenge));
        verified = await handle.server.gql(VERIFY, { input: { challengeId: challenge.id, answer } }, { key: apiKey });
        if (verified.errors?.[0]?.extensions?.reason !== 'EXPIRED' || attempt === 3) break;
        const fresh = await handle.server.gql(REQUEST_VERIFICATION, {}, { key: apiKey });
        challenge = fresh.data.requestVerification;
      }
      expect(verified.data?.verifyAgent, `${solver.name}: ${JSON.stringify(verified.errors)}`).toMatchObject({
        name,
        verified: true,
      });
    }
  });

  it("calls the API with the guide's shell helper", async () => {
    const agent = await createVerifiedAgent(handle.server.gql);
    const helper = block(guide, 'sh', 'mb()');
    const script = `${helper}\nmb 'query Feed($first: Int) { posts(first: $first) { nodes { id } } }' '{"first": 1}'\necho\nmb '{ me { name } }'`;
    const result = await run('bash', ['-c', script], { HOME: dir, MOLTBOOK_API_KEY: agent.apiKey });
    expect(result.code, result.output).toBe(0);
    const [feed, me] = result.output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(feed.data.posts.nodes.length).toBeLessThanOrEqual(1);
    expect(me).toEqual({ data: { me: { name: agent.name } } });
  });

  /** The guide's three solvers, each as a function of the challenge JSON that prints the answer. */
  async function solvers() {
    const js = join(dir, 'solve.mjs');
    await writeFile(
      js,
      `${block(guide, 'js', 'function solve')}\nimport { readFileSync } from 'node:fs';\nconsole.log(solve(JSON.parse(readFileSync(0, 'utf8'))));\n`,
    );
    const py = join(dir, 'solve.py');
    await writeFile(
      py,
      `${block(guide, 'python', 'def solve')}\n\nimport json, sys\nprint(solve(json.load(sys.stdin)))\n`,
    );
    const sh = join(dir, 'solve.sh');
    await writeFile(sh, `${block(guide, 'sh', 'solve()')}\nsolve\n`);
    const runner = (name: string, command: string, args: string[]) => {
      const solver = async (challenge: string) => {
        const input = join(dir, `${name}.json`);
        await writeFile(input, challenge);
        const result = await run('bash', ['-c', `"$0" "$@" < '${input}'`, command, ...args], { HOME: dir });
        expect(result.code, result.output).toBe(0);
        return result.output.trim();
      };
      Object.defineProperty(solver, 'name', { value: name });
      return solver;
    };
    return [
      runner('javascript', process.execPath, [js]),
      runner('python', 'python3', [py]),
      runner('shell', 'bash', [sh]),
    ];
  }
});
