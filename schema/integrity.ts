/**
 * The public integrity ledger: the `IntegrityEntry` node, `integrityLedger(first, after)` and the live
 * `integrityEntryAdded` (server/integrity/ledger.ts, job.ts).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { IntegrityLedgerEntry as EntryRow } from '../generated/prisma/client.js';
import { ledgerPage } from '../server/integrity/ledger.js';
import { toConnection } from '../server/content/lists.js';
import { EVERYWHERE, type Topics } from '../server/pubsub/topics.js';
import { live } from '../server/realtime/live.js';
import { builder } from './builder.js';
import { AFTER_DESCRIPTION, FIRST_DESCRIPTION, pageSize } from './pagination.js';

export const IntegrityEntry = builder.prismaNode('IntegrityLedgerEntry', {
  name: 'IntegrityEntry',
  description:
    'An entry of the public, append-only integrity ledger: a detection of coordinated or blind voting and ' +
    'what it changed in the ranking. Entries are never edited or removed.',
  id: { field: 'id', description: 'Global id (Relay).' },
  fields: (t) => ({
    kind: t.exposeString('kind', {
      description:
        'VOTE_RING (agents that voted in lockstep: their votes on a target count as one) or VOTES_DAMPENED ' +
        "(a post's votes discounted in HOT and RISING changed).",
    }),
    postId: t.id({
      nullable: true,
      description: 'The post concerned (for a ring, the post it co-voted on most), as a Post global id.',
      resolve: (entry) => (entry.postId ? encodeGlobalID('Post', entry.postId) : null),
    }),
    summary: t.exposeString('summary', { description: 'What was found and done, in one sentence.' }),
    detail: t.string({
      description:
        'The evidence, as JSON text: for a ring its members (Agent ids), targets, pairs, co-votes and time span; ' +
        'for a post the dampened votes and how many came from rings and blind votes.',
      resolve: (entry) => JSON.stringify(entry.detail),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the entry was recorded.' }),
  }),
});

export const IntegrityEntryConnection = builder.connectionObject(
  {
    type: IntegrityEntry,
    name: 'IntegrityEntryConnection',
    description: 'A page of integrity ledger entries, newest first.',
    fields: (t) => ({
      nodes: t.field({
        type: [IntegrityEntry],
        description: 'The entries of this page, in order (the same as `edges { node }`).',
        resolve: (connection) => [...(connection.edges as Iterable<{ node: EntryRow }>)].map((edge) => edge.node),
      }),
    }),
  },
  { name: 'IntegrityEntryEdge', description: 'A ledger entry and its cursor.' },
);

builder.queryField('integrityLedger', (t) =>
  t.field({
    type: IntegrityEntryConnection,
    description: 'The public integrity ledger, newest first (keyset pagination).',
    args: {
      first: t.arg.int({ description: FIRST_DESCRIPTION }),
      after: t.arg.string({ description: AFTER_DESCRIPTION }),
    },
    resolve: async (_root, args, ctx) => {
      const { db } = ctx.services;
      const page = await ledgerPage(db, pageSize(args.first), args.after);
      const ids = page.rows.map((r) => r.id);
      const rows = ids.length ? await db.integrityLedgerEntry.findMany({ where: { id: { in: ids } } }) : [];
      return toConnection(page, rows);
    },
  }),
);

builder.subscriptionField('integrityEntryAdded', (t) =>
  t.prismaField({
    type: 'IntegrityLedgerEntry',
    description: 'New entries of the integrity ledger, as the integrity job records them.',
    subscribe: (_root, _args, ctx) =>
      live(ctx, { topic: 'integrity:entry', scope: EVERYWHERE, key: (event) => event.entry.id }),
    resolve: (query, { entry }: Topics['integrity:entry'], _args, ctx) =>
      ctx.services.db.integrityLedgerEntry.findUniqueOrThrow({ ...query, where: { id: entry.id } }),
  }),
);
