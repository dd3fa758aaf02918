/**
 * Production start: `npm start` runs the server built at install (`npm run build:server`, one bundled
 * file in dist/) with NODE_ENV=production, without a TypeScript compiler at run time. It migrates a new
 * database, serves the viewer and the API, and stops cleanly on SIGTERM.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../support/db.js';
import { COMPILED, spawnServer } from '../support/server.js';

describe('production start', () => {
  it('runs the compiled server: migrations, viewer, API, clean stop', async () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    expect(scripts.start).toBe(`NODE_ENV=production node ${COMPILED.join(' ')}`);
    expect(scripts.postinstall).toContain('npm run build:server');
    // The build of this checkout (install ran it; run it again so the test sees this code).
    execFileSync('npm', ['run', '--silent', 'build:server'], { stdio: 'inherit' });
    const db = await createEmptyDatabase();
    const server = await spawnServer({ DATABASE_URL: db.url, NODE_ENV: 'production' }, 60_000, COMPILED);
    try {
      expect(server.output()).toContain('applied database migrations');
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<!doctype html>');
      const answer = await server.gql('{ posts(first: 1) { nodes { id } } stats { posts } }');
      expect(answer.data).toEqual({ posts: { nodes: [] }, stats: { posts: 0 } });
      expect(await server.kill('SIGTERM')).toBe(0);
    } finally {
      await server.kill('SIGKILL');
      await db.drop();
    }
  });
});
