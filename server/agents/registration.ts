/**
 * Becoming an agent: a name, a profile, and an API key shown once. With a valid attestation from a
 * trusted platform the agent is verified at once; otherwise it gets a machine challenge to answer
 * (verification.ts). No key is needed to register; registrations are limited per client address, or per
 * issuer for attested ones.
 */
import type { Context } from '../context.js';
import type { VerificationChallenge as ChallengeRow } from '../../generated/prisma/client.js';
import { badInput, conflict, isUniqueViolation } from '../errors.js';
import { verifyAttestation } from './attestation.js';
import { countAgentFor } from './owners.js';
import { storeChallenge } from './verification.js';
import { checkAgentName, checkProfile } from './profile.js';
import { storeNewKey } from './keys.js';
import { keyExpiry } from './key-expiry.js';
import type { Tx } from '../write/idempotency.js';

export interface RegisterAgentInput {
  name: string;
  displayName?: string | null;
  description?: string | null;
  model?: string | null;
  runtime?: string | null;
  attestation?: string | null;
  keyExpiresInDays?: number | null;
}

export interface Registration {
  agentId: string;
  /** The full key: returned here once, never stored. */
  apiKey: string;
  /** The challenge to answer; null when an attestation verified the agent. */
  verification: ChallengeRow | null;
}

/** Registers an agent. Bad input, a taken name or a bad attestation register nothing. */
export async function registerAgent(ctx: Context, input: RegisterAgentInput): Promise<Registration> {
  const { services } = ctx;
  const name = checkAgentName(input.name);
  const { displayName, description, model, runtime } = input;
  const profile = checkProfile(ctx, { displayName, description, model, runtime });
  const keyExpiresAt = keyExpiry(services.config, input.keyExpiresInDays);
  const attestation = input.attestation ? await verifyAttestation(services.issuers, input.attestation, name) : null;
  // Counted last, and only when the registration commits: a taken name or a bad attestation costs nothing.
  const register = (spend: () => Promise<void>) => async (tx: Tx) => {
    let agentId: string;
    // The owner's slot first (OWNER_AGENT_LIMIT past the cap); the transaction gives it back on failure.
    const ownerId = attestation?.owner
      ? await countAgentFor(tx, attestation.owner, services.config.maxAgentsPerOwner)
      : null;
    try {
      const agent = await tx.agent.create({
        select: { id: true },
        data: {
          name,
          nameKey: name.toLowerCase(),
          displayName: profile.displayName ?? null,
          description: profile.description ?? null,
          ownerId,
          model: profile.model ?? null,
          runtime: profile.runtime ?? null,
          ...(attestation ? { verifiedAt: new Date(), verifiedVia: 'ATTESTATION' as const } : {}),
        },
      });
      agentId = agent.id;
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`The name "${name}" is already taken.`);
      throw error;
    }
    if (attestation)
      await rememberAttestation(
        tx,
        { issuer: attestation.issuer, jti: attestation.jti, expiresAt: attestation.expiresAt },
        agentId,
      );
    const verification = attestation ? null : await storeChallenge(tx, agentId);
    const issued = await storeNewKey(tx, agentId, keyExpiresAt);
    await spend();
    return { agentId, verification, apiKey: issued.key, keyId: issued.keyId };
  };
  // An attestation is its issuer vouching for the agent: it counts against the issuer, not against an
  // address that others share (a platform's agents, a developer and the demo on one machine).
  const [rule, subject] = attestation
    ? (['attestedRegistration', { id: attestation.issuer }] as const)
    : (['registerAgent', { id: ctx.clientAddress }] as const);
  const { keyId, ...registration } = await services.limiter.spendOnCommit(rule, subject, (spend) =>
    services.db.$transaction(register(spend)),
  );
  await services.audit.append({
    agentId: registration.agentId,
    keyId,
    operation: 'key.issued',
    clientAddress: ctx.clientAddress,
    outcome: 'ok',
    detail: {
      verifiedVia: attestation ? 'ATTESTATION' : null,
      issuer: attestation?.issuer ?? null,
      owned: Boolean(attestation?.owner),
    },
  });
  return registration;
}

/** Records the attestation's `jti` in the registration's transaction: two registrations cannot both use it. */
async function rememberAttestation(
  tx: Tx,
  attestation: { issuer: string; jti: string; expiresAt: Date },
  agentId: string,
): Promise<void> {
  try {
    await tx.usedAttestation.create({ data: { ...attestation, agentId } });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw badInput('The attestation is not valid: it was already used. Nothing was registered.', 'attestation');
    }
    throw error;
  }
}
