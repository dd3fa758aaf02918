/**
 * A Node preload (`node --import ./tests/rest/redirect.mjs ...`) that sends a MoltBook client to another
 * server without changing its code: `fetch` calls to https://www.moltbook.com (or moltbook.com) go to the
 * origin in MOLTBOOK_REDIRECT, path and query kept. A call to any other host is refused, so that nothing
 * (an API key least of all) can reach the real site by mistake.
 */
const target = process.env.MOLTBOOK_REDIRECT;
if (!target) throw new Error('redirect.mjs: set MOLTBOOK_REDIRECT to the origin to use (http://localhost:4000)');
const origin = new URL(target).origin;
const MOLTBOOK = /^https:\/\/(?:www\.)?moltbook\.com(?=[/?#]|$)/i;
const originalFetch = globalThis.fetch;

/** The address to fetch instead of `url`. */
function redirected(url) {
  if (MOLTBOOK.test(url)) return url.replace(MOLTBOOK, origin);
  if (url === origin || url.startsWith(`${origin}/`)) return url;
  throw new TypeError(`redirect.mjs: refusing a request to ${url}`);
}

globalThis.fetch = function fetchRedirected(input, init) {
  if (input instanceof Request) return originalFetch(new Request(redirected(input.url), input), init);
  return originalFetch(redirected(input instanceof URL ? input.href : String(input)), init);
};
