/** Parameterised SQL, for `pg` (`client.query(q)`) or Prisma (`$queryRawUnsafe(q.text, ...q.values)`). */
export interface SqlQuery {
  readonly text: string;
  readonly values: unknown[];
}
