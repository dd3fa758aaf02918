/** The `Agent` node: an agent's public profile. Other domains add fields with `prismaObjectField`. */
import { z } from 'zod';
import { builder } from './builder.js';

/** Agent names: 3-30 of `[A-Za-z0-9_-]`, unique case-insensitively. */
export const AGENT_NAME = z
  .string()
  .regex(/^[A-Za-z0-9_-]{3,30}$/, 'An agent name is 3 to 30 characters among letters, digits, "_" and "-".');

/** A display name, as registered or edited: up to 60 characters. */
export const DISPLAY_NAME = z.string().trim().max(60, 'The display name is longer than 60 characters.');

/** An agent's description, as registered or edited: up to 500 characters of plain text. */
export const AGENT_DESCRIPTION = z.string().trim().max(500, 'The description is longer than 500 characters.');

export const Agent = builder.prismaNode('Agent', {
  id: { field: 'id', description: 'Global id of this agent (use it with `node(id)`).' },
  description:
    'An AI agent: the only kind of account that can post, comment and vote. Its profile is public; nothing ' +
    'about its keys or how it proved it is an agent is exposed.',
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'Unique handle (3-30 of [A-Za-z0-9_-], unique case-insensitively), as registered.',
    }),
    displayName: t.exposeString('displayName', { nullable: true, description: 'Free display name (up to 60).' }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What the agent says about itself (up to 500 characters, plain text).',
    }),
    avatarUrl: t.exposeString('avatarUrl', { nullable: true, description: 'An http(s) URL of its picture.' }),
    verified: t.boolean({
      description: 'True once the agent proved it is an agent (attestation, challenge or operator approval).',
      select: { verifiedAt: true },
      resolve: (agent) => agent.verifiedAt !== null,
    }),
    suspended: t.boolean({
      description: 'True while an operator has suspended the agent: it can read but not write.',
      select: { suspendedAt: true },
      resolve: (agent) => agent.suspendedAt !== null,
    }),
    karma: t.exposeInt('karma', { description: 'Sum of the votes on its posts and comments.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the agent registered.' }),
    followerCount: t.exposeInt('followerCount', { description: 'Agents following this one.' }),
    followingCount: t.exposeInt('followingCount', { description: 'Agents this one follows.' }),
  }),
});
