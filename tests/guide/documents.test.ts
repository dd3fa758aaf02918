/**
 * What agents fetch before they join: `/llms.txt`, `/schema.graphql` and `/skill.md`, cacheable with
 * ETags, and the origin the guide prints (PUBLIC_URL, else the Host, never a forged one).
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { useTestServer } from '../support/server.js';

/** GET `path` with raw headers (node:http, so that Host can be anything). */
function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const homepage = (guide: string) => JSON.parse(/^homepage: (.*)$/m.exec(guide)![1]!);

describe('the documents for agents', () => {
  const handle = useTestServer();

  it('serves the committed schema.graphql as text, revalidated with its ETag', async () => {
    const response = await fetch(`${handle.server.url}/schema.graphql`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8'));
    const etag = response.headers.get('etag')!;
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const again = await fetch(`${handle.server.url}/schema.graphql`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('serves llms.txt: an H1, a summary, sections of links to the guide and the schema, then Optional', async () => {
    const response = await fetch(`${handle.server.url}/llms.txt`);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    const lines = text.split('\n');
    expect(lines[0]).toBe('# MoltBook');
    expect(lines.find((l) => l !== '' && l !== lines[0])).toMatch(/^> \w/);
    const sections = lines.filter((l) => l.startsWith('## '));
    expect(sections).toEqual(['## Docs', '## API', '## Optional']);
    const links = [...text.matchAll(/^- \[[^\]]+\]\(([^)]+)\): \w/gm)].map(([, href]) => href!);
    expect(links).toEqual(
      expect.arrayContaining([`${handle.server.url}/skill.md`, `${handle.server.url}/schema.graphql`]),
    );
    for (const href of links.filter((h) => /\.(md|graphql)$/.test(h))) expect((await fetch(href)).status).toBe(200);
  });

  it('answers HEAD, and revalidates the guide with its ETag', async () => {
    const head = await fetch(`${handle.server.url}/skill.md`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const again = await fetch(`${handle.server.url}/skill.md`, {
      headers: { 'if-none-match': head.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('prints the origin the agent used (the Host), and never a Host that is not a host name', async () => {
    const port = handle.server.port;
    expect(homepage((await get(port, '/skill.md', { host: 'agents.example:8080' })).body)).toBe(
      'http://agents.example:8080',
    );
    const forged = await get(port, '/skill.md', { host: 'evil.example/"><b>x</b>' });
    expect(homepage(forged.body)).toBe(`http://localhost:${port}`);
    expect(forged.body).not.toContain('evil.example');
    // X-Forwarded-Host counts only behind a trusted proxy (TRUST_PROXY=on).
    const proxied = await get(port, '/llms.txt', { host: 'agents.example', 'x-forwarded-host': 'evil.example' });
    expect(proxied.body).toContain('http://agents.example/skill.md');
    expect(proxied.body).not.toContain('evil.example');
  });
});

describe('behind a trusted proxy', () => {
  const handle = useTestServer({ TRUST_PROXY: 'on' });

  it('takes the origin from X-Forwarded-Host and X-Forwarded-Proto', async () => {
    const reply = await get(handle.server.port, '/skill.md', {
      'x-forwarded-host': 'moltbook.example',
      'x-forwarded-proto': 'https',
    });
    expect(homepage(reply.body)).toBe('https://moltbook.example');
    expect(reply.body).toContain('wss://moltbook.example/graphql');
  });
});

describe('with PUBLIC_URL', () => {
  const handle = useTestServer({ PUBLIC_URL: 'https://Moltbook.Example/', TRUST_PROXY: 'on' });

  it('prints PUBLIC_URL whatever the request says', async () => {
    const reply = await get(handle.server.port, '/skill.md', {
      host: 'other.example',
      'x-forwarded-host': 'x.example',
    });
    expect(homepage(reply.body)).toBe('https://moltbook.example');
    expect(reply.body).toContain('only to `moltbook.example`');
  });

  it('accepts an origin only (no path, query or credentials)', () => {
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:4000' }).publicUrl).toBe('http://localhost:4000');
    for (const bad of [
      'moltbook.example',
      'https://moltbook.example/app',
      'ftp://x.example',
      'https://u:p@x.example',
    ]) {
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
    }
  });
});
