/**
 * The embedded database's folder is private to the server's user, whatever the umask and however the
 * folder was left before: 0700 for the folder, nothing inside it open to the group or to others.
 */
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.js';

let parent: string;
let dataDir: string;
let server: TestServer;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'moltbook-private-'));
  dataDir = join(parent, 'data');
  // A folder left open by an earlier version, with a world-readable file in it.
  await mkdir(dataDir, { mode: 0o777 });
  await chmod(dataDir, 0o777);
  await writeFile(join(dataDir, 'left-over.json'), '{}', { mode: 0o666 });
  await chmod(join(dataDir, 'left-over.json'), 0o666);
  const umask = process.umask(0);
  try {
    server = await startServer({ DATABASE_URL: undefined, DATA_DIR: dataDir, RATE_LIMITS: 'off' });
  } finally {
    process.umask(umask);
  }
  // Some writes after the start, so that files the engine creates while running are checked too.
  await server.gql('mutation { registerAgent(input: { name: "private_dir" }) { apiKey } }');
});

afterAll(async () => {
  await server?.stop();
  if (parent) await rm(parent, { recursive: true, force: true });
});

it('keeps DATA_DIR at 0700 and nothing inside it readable, writable or searchable by others', async () => {
  expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
  expect(entries.length).toBeGreaterThan(100);
  const open: string[] = [];
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    const mode = (await stat(path)).mode & 0o777;
    if (mode & 0o077) open.push(`${mode.toString(8)} ${path.slice(dataDir.length)}`);
  }
  expect(open).toEqual([]);
});
