/** Helpers for the hostile suite: raw HTTP requests and row counts that prove nothing was written. */
import { sql } from '../support/db.js';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** Sends `body` to `/graphql` as is (no JSON encoding), with the given headers. */
export async function rawPost(
  baseUrl: string,
  body: BodyInit,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<RawResponse> {
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The first error's code, or undefined. */
export const codeOf = (result: { errors?: { extensions?: Record<string, any> }[] }) =>
  result.errors?.[0]?.extensions?.code as string | undefined;

const TABLES = ['agents', 'api_keys', 'posts', 'comments', 'post_votes', 'comment_votes', 'submolts'] as const;

/** Rows in the tables an attack could write to. */
export async function rowCounts(url: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const rows = await sql(url, `SELECT count(*)::int AS n FROM ${table}`);
    out[table] = (rows[0] as { n: number }).n;
  }
  return out;
}

/** True when the server still answers a trivial query. */
export async function stillUp(baseUrl: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return response.status === 200 && (await response.json()).data?.__typename === 'Query';
}
