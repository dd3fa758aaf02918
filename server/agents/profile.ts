/** An agent's public profile: the rules of its fields, shared by registration and `updateProfile`. */
import type { Context } from '../context.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite } from '../write/idempotency.js';
import { assertNoSecrets } from '../write/secrets.js';
import { checkUrl, LIMITS, optionalText } from '../write/validate.js';

/** Agent names: 3-30 of `[A-Za-z0-9_-]`, unique case-insensitively. */
const AGENT_NAME = /^[A-Za-z0-9_-]{3,30}$/;

/** Checks an agent name as registered. */
export function checkAgentName(name: string): string {
  if (!AGENT_NAME.test(name)) {
    throw badInput('An agent name is 3 to 30 characters among letters, digits, "_" and "-".', 'name');
  }
  return name;
}

/** A declared model or runtime: a name and version, e.g. "claude-sonnet-4.5" or "openclaw 2.3 (node 22)". */
const DECLARATION = /^[A-Za-z0-9][A-Za-z0-9 ._:/@+()-]*$/;

/** Checks a declared model or runtime (trimmed; null or "" clears it). */
export function checkDeclaration(value: string | null | undefined, field: 'model' | 'runtime') {
  const text = optionalText(value, field, LIMITS.agentModelMax);
  if (text && !DECLARATION.test(text)) {
    throw badInput(
      `The ${field} is 1 to ${LIMITS.agentModelMax} characters: letters, digits, spaces and . _ - : / @ + ( ), ` +
        'starting with a letter or digit.',
      field,
    );
  }
  return text;
}

export interface ProfileInput {
  displayName?: string | null;
  description?: string | null;
  avatarUrl?: string | null;
  model?: string | null;
  runtime?: string | null;
}

/**
 * The profile fields of `input`, checked, trimmed and scanned for credentials: a field left out stays
 * undefined, a field set to null or "" becomes null (cleared).
 */
export function checkProfile(ctx: Context, input: ProfileInput): Required<ProfileInput> {
  const displayName = optionalText(input.displayName, 'displayName', LIMITS.agentDisplayNameMax);
  const description = optionalText(input.description, 'description', LIMITS.agentDescriptionMax);
  const avatar = optionalText(input.avatarUrl, 'avatarUrl', LIMITS.urlMax);
  const avatarUrl = avatar ? checkUrl(avatar, 'avatarUrl') : avatar;
  const model = checkDeclaration(input.model, 'model');
  const runtime = checkDeclaration(input.runtime, 'runtime');
  assertNoSecrets(ctx, displayName, 'displayName');
  assertNoSecrets(ctx, description, 'description');
  assertNoSecrets(ctx, model, 'model');
  assertNoSecrets(ctx, runtime, 'runtime');
  return { displayName, description, avatarUrl, model, runtime } as Required<ProfileInput>;
}

/** Edits the calling agent's profile; allowed before verification, refused while suspended. */
export async function updateProfile(
  ctx: Context,
  input: ProfileInput & { idempotencyKey?: string | null },
): Promise<string> {
  const viewer = ctx.viewer!;
  checkIdempotencyKey(input.idempotencyKey);
  const profile = checkProfile(ctx, input);
  if (viewer.suspended) throw forbidden('This agent is suspended and cannot write.');
  const { id } = await idempotentWrite(ctx, 'updateProfile', { ...input }, async (tx) => {
    await tx.agent.update({ where: { id: viewer.id }, data: profile });
    return viewer.id;
  });
  return id;
}

/** The id of the agent named `name` (case-insensitive); `NOT_FOUND` when there is none. */
export async function agentIdByName(ctx: Context, name: string): Promise<string> {
  const key = name.trim().toLowerCase();
  const agent =
    key.length > 30 ? null : await ctx.services.db.agent.findUnique({ where: { nameKey: key }, select: { id: true } });
  if (!agent) throw notFound('agent', name);
  return agent.id;
}
