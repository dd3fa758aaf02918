/**
 * Keeps a data folder private to the server's user. The embedded engine unpacks its initial files with
 * mode 0666 and its folders 0755 whatever the umask (the files it creates later are 0600, as
 * PostgreSQL's own), so the folder is locked first and what is already inside is tightened after.
 */
import { randomUUID } from 'node:crypto';
import { chmod, link, lstat, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What the group and others may do: nothing. */
const OPEN_BITS = 0o077;

/**
 * Creates `dir` (and its parents, with ordinary modes) if needed and sets it to 0700, also when it
 * already existed with looser bits, so that nobody else can even traverse it while files are created.
 */
export async function lockFolder(dir: string): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  // mkdir's mode passes through the umask and does not apply to a folder that existed.
  await chmod(dir, 0o700);
}

/** Removes the group's and others' bits from everything under `dir` (symbolic links are left alone). */
export async function tightenTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    const path = join(entry.parentPath, entry.name);
    const { mode } = await lstat(path);
    if (mode & OPEN_BITS) await chmod(path, mode & 0o700);
  }
}

/**
 * The text of the secret file `file` (in a data folder), made on first use with `make()`: written 0600
 * under a temporary name in the locked folder, then published with an exclusive link, so that two
 * processes starting at once end up reading the same file.
 */
export async function secretFile(file: string, make: () => string | Promise<string>): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const dir = dirname(file);
  await lockFolder(dir);
  const temp = join(dir, `.${basename(file)}.${randomUUID()}.tmp`);
  await writeFile(temp, await make(), { mode: 0o600 });
  await chmod(temp, 0o600);
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temp);
  }
  return readFile(file, 'utf8');
}
