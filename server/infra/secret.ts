/** Comparing a presented secret (the operator token, the metrics token) with the configured one. */
import { createHash, timingSafeEqual } from 'node:crypto';

/** True when `given` equals `expected`, in a time that does not depend on where they differ or their lengths. */
export function sameSecret(given: string, expected: string): boolean {
  // Hash both sides so that the comparison takes the same time whatever their lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
