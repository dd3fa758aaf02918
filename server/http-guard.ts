/**
 * Checks on a raw HTTP request before yoga parses it (size, encoding). Returns true when it answered
 * the request itself (a refusal).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function guardRequest(_req: IncomingMessage, _res: ServerResponse): boolean {
  return false;
}
