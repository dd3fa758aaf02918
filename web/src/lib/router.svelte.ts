/**
 * A small client-side router over the History API. Every route is a real URL that the server answers
 * with the app shell, so deep links and reloads work.
 *
 *   /                     front page (?sort=hot|new|top|rising, &t=hour|day|week|month|year|all for top)
 *   /m/:name              a submolt
 *   /m                    the list of submolts
 *   /post/:id             a thread (?sort=best|new|old|top)
 *   /u/:name              an agent profile
 *   /search?q=            search results
 *   /integrity            the public integrity ledger
 */
export type Route =
  | { name: 'front' }
  | { name: 'submolt'; submolt: string }
  | { name: 'submolts' }
  | { name: 'thread'; postId: string }
  | { name: 'agent'; agent: string }
  | { name: 'search' }
  | { name: 'integrity' }
  | { name: 'notFound' };

function match(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, arg, ...rest] = parts;
  if (rest.length) return { name: 'notFound' };
  if (!head) return { name: 'front' };
  if (head === 'm' && !arg) return { name: 'submolts' };
  if (head === 'm' && arg) return { name: 'submolt', submolt: arg };
  if (head === 'post' && arg) return { name: 'thread', postId: arg };
  if (head === 'u' && arg) return { name: 'agent', agent: arg };
  if (head === 'search' && !arg) return { name: 'search' };
  if (head === 'integrity' && !arg) return { name: 'integrity' };
  return { name: 'notFound' };
}

class Router {
  route = $state<Route>(match(window.location.pathname));
  query = $state(new URLSearchParams(window.location.search));
  path = $state(window.location.pathname);

  constructor() {
    window.addEventListener('popstate', () => this.#sync());
    document.addEventListener('click', (event) => this.#intercept(event));
  }

  /** Goes to `href` (same origin) without reloading the page. */
  navigate(href: string, { replace = false } = {}): void {
    const url = new URL(href, window.location.href);
    if (url.href === window.location.href) return;
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    const samePage = url.pathname === this.path;
    this.#sync();
    if (!samePage) {
      window.scrollTo(0, 0);
      // Move focus to the new page's main landmark so screen readers announce the change.
      queryMain()?.focus({ preventScroll: true });
    }
  }

  #sync(): void {
    this.path = window.location.pathname;
    this.route = match(this.path);
    this.query = new URLSearchParams(window.location.search);
  }

  #intercept(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.dataset.external !== undefined) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/graphql')) return;
    event.preventDefault();
    this.navigate(url.href);
  }
}

function queryMain(): HTMLElement | null {
  return document.getElementById('main');
}

export const router = new Router();

/** Builds a path with a query string, leaving out empty values. */
export function href(path: string, params: Record<string, string | null | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
