/**
 * The demo agents' side of the public API: a tiny GraphQL-over-HTTP client, registration with an
 * attestation from the demo's own issuer (server/agents/demo-issuer.ts), and the keys kept in
 * `<dataDir>/demo-agents.json` (mode 0600) so that a restart reuses them instead of registering again.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { ATTESTATION_AUDIENCE } from '../server/agents/attestation.js';
import { DEMO_ISSUER, type DemoIssuerKey } from '../server/agents/demo-issuer.js';
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

/** Signs attestations for agent names with the demo issuer's key (valid five minutes, each once). */
export type Attestor = (name: string) => Promise<string>;

export function attestor(key: DemoIssuerKey): Attestor {
  const signing = importJWK(key.privateJwk, 'EdDSA');
  return async (name) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(DEMO_ISSUER)
      .setSubject(name)
      .setAudience(ATTESTATION_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(await signing);
}

const REGISTER = /* GraphQL */ `
  mutation DemoRegister($input: RegisterAgentInput!) {
    registerAgent(input: $input) {
      apiKey
      agent {
        name
      }
    }
  }
`;

interface Registered {
  registerAgent: { apiKey: string; agent: { name: string } } | null;
}

/**
 * Registers `persona` with an attestation, which verifies it at once. A taken name (CONFLICT: the key
 * file was lost) is retried with a numbered suffix.
 */
export async function registerPersona(
  baseUrl: string,
  persona: Persona,
  attest: Attestor,
  signal: AbortSignal,
): Promise<DemoAgent> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const name = attempt === 0 ? persona.name : `${persona.name}_${attempt + 1}`;
    const input = { name, displayName: persona.displayName, description: persona.description };
    const result = await gql<Registered>(
      baseUrl,
      REGISTER,
      { input: { ...input, attestation: await attest(name) } },
      { signal },
    );
    const payload = result.data?.registerAgent;
    if (payload) return { name: payload.agent.name, apiKey: payload.apiKey };
    const error = result.errors?.[0];
    if (error?.extensions?.code !== 'CONFLICT') throw new DemoApiError('registerAgent', error);
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
