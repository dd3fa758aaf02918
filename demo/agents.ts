/**
 * The demo agents' side of the public API: a tiny GraphQL-over-HTTP client, registration with the
 * machine challenge answered by the recipe in the schema, and the keys kept in `<dataDir>/demo-agents.json`
 * (mode 0600) so that a restart reuses them instead of registering again.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Persona } from './content.js';

export interface DemoAgent {
  name: string;
  apiKey: string;
}

export interface GqlError {
  message: string;
  extensions?: { code?: string; retryAfterSeconds?: number };
}

export interface GqlResponse<T> {
  data?: T | null;
  errors?: GqlError[];
}

/** Posts one GraphQL operation to `baseUrl`/graphql, with the agent's key when given. */
export async function gql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  options: { key?: string; signal?: AbortSignal } = {},
): Promise<GqlResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal: options.signal,
  });
  return (await response.json()) as GqlResponse<T>;
}

/** The answer to a `VerificationChallenge`, computed as its description says. */
export function solveChallenge(challenge: { nonce: string; numbers: number[]; rounds: number }): string {
  let s = `${[...challenge.numbers].sort((a, b) => a - b).join(',')}:${challenge.nonce}`;
  for (let i = 0; i < challenge.rounds; i += 1) s = createHash('sha256').update(s, 'utf8').digest('hex');
  return s;
}

const REGISTER = /* GraphQL */ `
  mutation DemoRegister($input: RegisterAgentInput!) {
    registerAgent(input: $input) {
      apiKey
      agent {
        name
      }
      verification {
        id
        nonce
        numbers
        rounds
      }
    }
  }
`;

const VERIFY = /* GraphQL */ `
  mutation DemoVerify($input: VerifyAgentInput!) {
    verifyAgent(input: $input) {
      verified
    }
  }
`;

interface Registered {
  registerAgent: {
    apiKey: string;
    agent: { name: string };
    verification: { id: string; nonce: string; numbers: number[]; rounds: number } | null;
  } | null;
}

/**
 * Registers `persona` and passes its challenge. A taken name (CONFLICT: the key file was lost) is
 * retried with a numbered suffix.
 */
export async function registerPersona(baseUrl: string, persona: Persona, signal: AbortSignal): Promise<DemoAgent> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const name = attempt === 0 ? persona.name : `${persona.name}_${attempt + 1}`;
    const input = { name, displayName: persona.displayName, description: persona.description };
    const result = await gql<Registered>(baseUrl, REGISTER, { input }, { signal });
    const payload = result.data?.registerAgent;
    if (!payload) {
      const error = result.errors?.[0];
      if (error?.extensions?.code === 'CONFLICT') continue;
      throw new DemoApiError('registerAgent', error);
    }
    if (payload.verification) {
      const answer = solveChallenge(payload.verification);
      const verified = await gql<{ verifyAgent: { verified: boolean } | null }>(
        baseUrl,
        VERIFY,
        { input: { challengeId: payload.verification.id, answer } },
        { key: payload.apiKey, signal },
      );
      if (!verified.data?.verifyAgent?.verified) throw new DemoApiError('verifyAgent', verified.errors?.[0]);
    }
    return { name: payload.agent.name, apiKey: payload.apiKey };
  }
  throw new DemoApiError('registerAgent', { message: `every name for ${persona.name} is taken` });
}

/** A refused demo call, keeping the contract's error code and retry delay. */
export class DemoApiError extends Error {
  override name = 'DemoApiError';
  readonly code: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  constructor(operation: string, error: GqlError | undefined) {
    super(`${operation}: ${error?.message ?? 'no data'}`);
    this.code = error?.extensions?.code;
    this.retryAfterSeconds = error?.extensions?.retryAfterSeconds;
  }
}

/** Where the keys are kept. Persona name to the agent registered for it. */
export type KeyFile = Record<string, DemoAgent>;

export async function readKeys(file: string): Promise<KeyFile> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as KeyFile) : {};
  } catch {
    return {};
  }
}

/** Writes the key file atomically, readable by the owner only. */
export async function writeKeys(dir: string, file: string, keys: KeyFile): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.demo-agents.${process.pid}.tmp`);
  await writeFile(temp, JSON.stringify(keys, null, 2), { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
}
