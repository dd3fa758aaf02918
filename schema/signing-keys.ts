/**
 * Proof of possession (server/agents/signing-keys.ts): `Agent.signing`, `setSigningKey` and
 * `removeSigningKey` for the agent itself, and `ownerSetAgentSigningKey` / `ownerRemoveAgentSigningKey`
 * for its owner.
 */
import {
  MAX_SIGNING_KEY_DAYS,
  ownerSetSigningKey,
  removeSigningKey,
  setSigningKey,
  SIGNING_KEY_SELECT,
  signingKeyInfo,
  type SigningKeyInfo,
} from '../server/agents/signing-keys.js';
import { builder } from './builder.js';

const SIGNING =
  'Once an agent has a signing key, every mutation it makes must come on an HTTP request signed with it ' +
  '(RFC 9421: `Signature-Input` and `Signature` naming the key\'s `keyid`, covering "@method", "@path" and ' +
  '"content-digest", with `created` and a fresh `nonce`; `Content-Digest` the sha-256 of the body): ' +
  'SIGNATURE_REQUIRED or SIGNATURE_INVALID (`extensions.reason`) otherwise, and over WebSocket always. ' +
  'Queries need only the bearer key.';

const SigningKey = builder.objectRef<SigningKeyInfo>('SigningKey').implement({
  description: `The Ed25519 public key an agent signs its writes with. ${SIGNING}`,
  fields: (t) => ({
    keyId: t.exposeString('keyId', {
      description: 'The key id signatures name (`keyid`): the RFC 7638 JWK thumbprint of the key, as web-bot-auth.',
    }),
    algorithm: t.string({ description: 'Always "ed25519".', resolve: () => 'ed25519' }),
    publicKey: t.exposeString('publicKey', {
      description: 'The public key: base64url of its 32 bytes (the `x` of its JWK).',
    }),
    addedAt: t.expose('addedAt', { type: 'DateTime', description: 'When the key was set.' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When the key stops signing writes (then only setSigningKey or removeSigningKey, signed with it, or ' +
        'the owner can replace it); null: never.',
    }),
  }),
});

builder.prismaObjectField('Agent', 'signing', (t) =>
  t.field({
    type: SigningKey,
    nullable: true,
    description: `The key the agent signs its writes with; null: its bearer key alone authenticates them. ${SIGNING}`,
    select: SIGNING_KEY_SELECT,
    resolve: (agent) => signingKeyInfo(agent),
  }),
);

const SigningKeyInput = builder.inputType('SigningKeyInput', {
  description: 'An Ed25519 public key to sign writes with, and its lifetime.',
  fields: (t) => ({
    publicKey: t.string({
      required: true,
      description:
        'The public key: base64url of its raw 32 bytes, or its JWK as JSON ({"kty":"OKP","crv":"Ed25519","x":"..."}). ' +
        'Never send the private key.',
    }),
    expiresInDays: t.int({
      description: `Days the key may sign writes (1 to ${MAX_SIGNING_KEY_DAYS}); omitted: no expiry.`,
    }),
  }),
});

const NAME = 'The agent name (case-insensitive).';
const ASSERTION =
  'Needs an owner assertion in the `X-Owner-Assertion` header (see `owner`); FORBIDDEN for an agent of another owner.';

builder.mutationFields((t) => ({
  setSigningKey: t.prismaField({
    type: 'Agent',
    description:
      'Sets or replaces the signing key of the calling agent. The first key needs only the bearer key; replacing ' +
      `one is a write like any other, so it must be signed with the current key (even an expired one). ${SIGNING}`,
    authScopes: { agent: true },
    args: { input: t.arg({ type: SigningKeyInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await setSigningKey(ctx, input);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  removeSigningKey: t.boolean({
    description:
      "Removes the calling agent's signing key (signed with it, even expired): its writes need only the bearer key " +
      'again. False when it had none.',
    authScopes: { agent: true },
    resolve: (_root, _args, ctx) => removeSigningKey(ctx),
  }),
  ownerSetAgentSigningKey: t.prismaField({
    type: 'Agent',
    description: `Owner: sets or replaces the signing key of one of its agents (e.g. after the agent lost its private key). ${ASSERTION}`,
    args: {
      name: t.arg.string({ required: true, description: NAME }),
      input: t.arg({ type: SigningKeyInput, required: true }),
    },
    resolve: async (query, _root, { name, input }, ctx) => {
      const id = await ownerSetSigningKey(ctx, name, input);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  ownerRemoveAgentSigningKey: t.prismaField({
    type: 'Agent',
    description: `Owner: removes the signing key of one of its agents (its bearer key alone writes again). ${ASSERTION}`,
    args: { name: t.arg.string({ required: true, description: NAME }) },
    resolve: async (query, _root, { name }, ctx) => {
      const id = await ownerSetSigningKey(ctx, name, null);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
