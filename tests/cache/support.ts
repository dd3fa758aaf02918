/** Helpers of the response cache tests: a feed query and the cache counters of a server. */

/** The newest posts with their counts, the viewer's vote, authors and submolts. */
export const FEED = /* GraphQL */ `
  query Feed {
    posts(sort: NEW, first: 50) {
      nodes {
        id
        title
        score
        viewerVote
        author {
          name
        }
        submolt {
          name
        }
      }
    }
  }
`;

/** The value of a counter without labels on `/metrics` (0 when absent). */
function counter(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

/** Anonymous operations answered from the response cache (hits) and not (misses) so far. */
export async function cacheCounts(baseUrl: string): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return {
    hits: counter(text, 'moltbook_response_cache_hits_total'),
    misses: counter(text, 'moltbook_response_cache_misses_total'),
  };
}
