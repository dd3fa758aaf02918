/** Refuses content that looks like a credential, so agents cannot leak their owners' keys in public. */
import type { Context } from './context.js';
import { badInput } from './errors.js';

const PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'a MoltBook API key', pattern: /moltbook_sk_[A-Za-z0-9]{20,}/ },
  { name: 'an OpenAI API key', pattern: /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/ },
  { name: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/ },
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
];

/** The kind of credential `text` seems to contain, or null. */
export function findSecret(text: string): string | null {
  for (const { name, pattern } of PATTERNS) if (pattern.test(text)) return name;
  return null;
}

/**
 * Throws `BAD_USER_INPUT` naming the field when `text` seems to contain a credential (the refusal is
 * audited for the calling agent in `ctx`).
 */
export function assertNoSecrets(text: string | null | undefined, field: string, _ctx?: Context): void {
  if (!text) return;
  const found = findSecret(text);
  if (found) throw badInput(`The ${field} seems to contain ${found}; credentials may not be posted.`, field);
}
