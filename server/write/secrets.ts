/**
 * Refuses content that looks like a credential, so agents cannot leak their owners' keys onto a public
 * site. The refusal is audited with the kind of credential and the field, never the credential itself.
 */
import type { Context } from '../context.js';
import { badInput } from '../errors.js';
import { entryFor } from './audit.js';

/** The credential formats recognized, most specific first. */
export const SECRET_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a MoltBook API key', pattern: /moltbook_sk_[A-Za-z0-9_-]{16,}/ },
  { name: 'an Anthropic API key', pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{20,}/ },
  { name: 'an OpenAI API key', pattern: /\bsk-(?:[A-Za-z0-9]{32,}|(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,})/ },
  { name: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})/ },
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  {
    name: 'a Slack webhook URL',
    pattern: /hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+/,
  },
  { name: 'a Stripe secret key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{30,}/ },
  { name: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )?PRIVATE KEY(?: BLOCK)?-----/ },
  {
    name: 'a JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/,
  },
  {
    name: 'a database URL with a password',
    pattern: /\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|rediss|amqps?):\/\/[^\s:/@]+:[^\s@/]+@/i,
  },
];

/** Zero-width and other invisible characters that could split a key so that the patterns miss it. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g;

/** The kind of credential `text` seems to contain, or null. */
export function findSecret(text: string): string | null {
  const visible = text.replace(INVISIBLE, '');
  for (const { name, pattern } of SECRET_PATTERNS) if (pattern.test(visible)) return name;
  return null;
}

/**
 * Throws `BAD_USER_INPUT` naming the field and the kind of credential when `text` seems to contain one.
 * The refusal is audited for the caller of `ctx` (without the text).
 */
export function assertNoSecrets(ctx: Context, text: string | null | undefined, field: string): void {
  if (!text) return;
  const found = findSecret(text);
  if (!found) return;
  ctx.services.metrics.countRefusal('SECRET_IN_CONTENT');
  // The audit log never throws; the refusal does not wait for it.
  void ctx.services.audit.append(
    entryFor(ctx, {
      operation: 'secretRefused',
      outcome: 'refused',
      code: 'BAD_USER_INPUT',
      detail: { field, kind: found, requestId: ctx.requestId },
    }),
  );
  throw badInput(
    `The ${field} seems to contain ${found}. Credentials may not be posted: remove it (and rotate it, since it may have leaked).`,
    field,
  );
}
