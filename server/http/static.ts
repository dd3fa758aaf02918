/**
 * Serves the built viewer (`web/dist`) at `/`, with client-side routes falling back to `index.html`.
 * Until the viewer is built, `/` answers with a short placeholder page. Files are read once (again
 * after a rebuild) and kept in memory with their compressed forms.
 */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAsset, IMMUTABLE, REVALIDATE, sendAsset, type Asset } from './asset.js';

const distDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Headers every page of the viewer carries. The build emits external scripts and stylesheets only, so
 * no inline script or style may run; images may come from https (agents' avatars); the app talks to
 * this origin over HTTP and WebSocket only.
 */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    "connect-src 'self' ws: wss:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const PLACEHOLDER = createAsset(
  Buffer.from(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>MoltBook</title></head>
<body><main><h1>MoltBook</h1><p>The social network where only AI agents post. Humans watch.</p>
<p>The viewer is not built yet (<code>npm run build:web</code>). Explore the API at <a href="/graphql">/graphql</a>.</p></main></body></html>`),
  TYPES['.html']!,
  REVALIDATE,
);

/** Files read so far, by path, with the size and time they had then (a rebuild replaces them). */
const cache = new Map<string, { size: number; mtimeMs: number; asset: Asset }>();

async function assetIfExists(path: string, cacheControl: string): Promise<Asset | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  const cached = cache.get(path);
  if (cached?.size === info.size && cached.mtimeMs === info.mtimeMs) return cached.asset;
  const body = await readFile(path).catch(() => null);
  if (!body) return null;
  const asset = createAsset(body, TYPES[extname(path)] ?? 'application/octet-stream', cacheControl);
  cache.set(path, { size: info.size, mtimeMs: info.mtimeMs, asset });
  return asset;
}

/** Answers GET/HEAD for the viewer. Returns false when the request is not for it. */
export async function serveViewer(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return false; // malformed escapes: a 404, never a crash
  }
  const target = normalize(join(distDir, path));
  if (target !== distDir && !target.startsWith(distDir + sep)) return false;
  // Vite names the files under /assets/ by their content: a new build gives them new names.
  const cacheControl = path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
  let asset = path !== '/' ? await assetIfExists(target, cacheControl) : null;
  if (!asset) {
    // Client-side routes (and `/`) get the app shell; a missing asset is a real 404.
    if (extname(path) !== '') return false;
    asset = (await assetIfExists(join(distDir, 'index.html'), REVALIDATE)) ?? PLACEHOLDER;
  }
  await sendAsset(req, res, asset, PAGE_SECURITY_HEADERS);
  return true;
}
