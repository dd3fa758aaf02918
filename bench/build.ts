/**
 * The benchmark starts servers the way production starts MoltBook: bundled JavaScript, with no
 * TypeScript loader in the process (tsx alone adds about 40 MB of resident memory), and NODE_ENV=production
 * (bench.ts). MoltBook is built by its own `npm run build:server`, as `npm install` builds it; a
 * baseline server is bundled here with the same esbuild options.
 */
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';

/** Builds MoltBook as `npm install` does and returns the file `npm start` runs. */
export function buildMoltbook(): string {
  execFileSync('npm', ['run', '--silent', 'build:server'], { stdio: 'inherit' });
  return 'dist/server/main.js';
}

/** Bundles a baseline server (`bench/x.ts`) like `build:server` bundles MoltBook; returns the output file. */
export function buildBaseline(entry: string): string {
  const outfile = `dist/${entry.replace(/\.ts$/, '.js')}`;
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}
