/** Finds the route of a method and path in the route table. */
import type { Method, Route } from './spec.js';

/** What a path finds: its route and path parameters, the methods it has, or nothing. */
export type Match =
  | { readonly kind: 'route'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method'; readonly allow: readonly Method[] }
  | { readonly kind: 'none' };

interface Compiled {
  readonly route: Route;
  readonly segments: readonly string[];
  /** Literal segments: `/agents/me` wins over a `/agents/:name` of the same length. */
  readonly literals: number;
}

/** A matcher for `routes`. */
export function createRouter(routes: readonly Route[]): (method: string, path: string) => Match {
  const compiled: Compiled[] = routes.map((route) => {
    const segments = route.path.split('/').filter(Boolean);
    return { route, segments, literals: segments.filter((s) => !s.startsWith(':')).length };
  });
  compiled.sort((a, b) => b.literals - a.literals);

  function paramsOf(entry: Compiled, parts: readonly string[]): Record<string, string> | null {
    if (entry.segments.length !== parts.length) return null;
    const params: Record<string, string> = {};
    for (const [i, segment] of entry.segments.entries()) {
      if (segment.startsWith(':')) params[segment.slice(1)] = parts[i]!;
      else if (segment !== parts[i]) return null;
    }
    return params;
  }

  return (method, path) => {
    let parts: string[];
    try {
      parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return { kind: 'none' }; // malformed escapes name nothing
    }
    const allow: Method[] = [];
    for (const entry of compiled) {
      const params = paramsOf(entry, parts);
      if (!params) continue;
      if (entry.route.method === method) return { kind: 'route', route: entry.route, params };
      allow.push(entry.route.method);
    }
    return allow.length ? { kind: 'method', allow } : { kind: 'none' };
  };
}
