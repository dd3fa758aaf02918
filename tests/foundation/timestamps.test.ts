/**
 * Direct reads parse `timestamptz` with their own parser (infra/db.ts): for every form PostgreSQL prints,
 * in UTC and in other zones, it must give the instant the driver's parser gives, to the millisecond.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUtcTimestamp } from '../../server/infra/db.js';
import { createTestDatabase } from '../support/db.js';

const driver = pg.types.getTypeParser(1184) as (text: string) => Date | number;

describe('timestamptz from direct reads', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  /** The instants as PostgreSQL prints them in `zone`: every fraction length, far dates, and special values. */
  async function printed(zone: string): Promise<string[]> {
    await client.query(`SET TIME ZONE '${zone}'`);
    const { rows } = await client.query<{ t: string }>(`
      SELECT t::text AS t FROM (
        SELECT now() - make_interval(secs => g * 7919.123457) AS t FROM generate_series(0, 400) g
        UNION ALL SELECT date_trunc('second', now()) + make_interval(secs => f) FROM unnest(ARRAY[
          0.1, 0.12, 0.123, 0.1234, 0.12345, 0.123456, 0.999999, 0.000001, 0.001, 0.0005, 0.9995
        ]::float8[]) f
        UNION ALL SELECT unnest(ARRAY['1970-01-01 00:00:00+00', '2000-02-29 23:59:59.5+00', '9999-12-31 23:59:59.999999+00',
          '0099-06-01 12:00:00+00', '0001-01-01 00:00:00+00', '0044-03-15 12:00:00+00 BC', 'infinity', '-infinity']::timestamptz[])
      ) s`);
    return rows.map((row) => row.t);
  }

  it('gives the instant the driver gives, in UTC and in other zones', async () => {
    for (const zone of ['UTC', 'Europe/Paris', 'Asia/Kolkata', 'America/St_Johns']) {
      for (const text of await printed(zone)) {
        const ours = parseUtcTimestamp(text);
        const theirs = driver(text);
        expect(ours instanceof Date ? ours.getTime() : ours, text).toBe(
          theirs instanceof Date ? theirs.getTime() : theirs,
        );
      }
    }
  });
});
