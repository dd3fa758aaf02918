/**
 * Rendering a live event from the snapshot it carries (server/content/snapshots.ts) instead of reading
 * the database. A live field's resolver gets the Prisma query its selection needs (Pothos' `query`);
 * when the snapshot holds everything that query asks for, the snapshot is the result, and Pothos
 * resolves the nested fields from it as from a loaded row. Otherwise (an agent's own `viewerVote`, a
 * long body, an author's followers) the resolver reads, as it would without a snapshot.
 */

type Selection = Record<string, unknown>;

/** Arguments of a relation that a snapshot cannot answer (a filtered or paged list). */
const NESTED = new Set(['select', 'include']);

/**
 * True when `row` holds what the Prisma `query` (`{ select }` or `{ include }`) asks for. A relation asked
 * as `true` must be in the row (relations in snapshots are whole rows); a relation with a selection of
 * its own is checked against it; one with other arguments (`where`, `take`...) never fits.
 */
export function fits(row: unknown, query: Selection): boolean {
  if (row === null) return true;
  if (typeof row !== 'object' || Array.isArray(row)) return false;
  if (Object.keys(query).some((key) => !NESTED.has(key))) return false;
  const selection = (query.select ?? query.include ?? {}) as Selection;
  const fields = row as Record<string, unknown>;
  for (const [key, wanted] of Object.entries(selection)) {
    if (wanted === false || wanted === undefined) continue;
    if (fields[key] === undefined) return false;
    if (wanted !== true && !fits(fields[key], wanted as Selection)) return false;
  }
  return true;
}

/** The snapshot as the result when it holds what `query` needs, else what `read` returns. */
export function rendered<R>(snapshot: object, query: object, read: () => Promise<R>): R | Promise<R> {
  return fits(snapshot, query as Selection) ? (snapshot as R) : read();
}
