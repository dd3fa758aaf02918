/** What a catalogue entry is, and how one is made from its GraphQL source. */
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { withFragments } from './fragments.js';

/** Who may run an operation: anyone (humans too), any agent with a key, or only a verified agent. */
export type Access = 'anyone' | 'agent' | 'verified';

/** One named GraphQL operation that agents use. */
export interface Operation {
  /** The operation's name in its document (also its key in the catalogue). */
  readonly name: string;
  readonly kind: 'query' | 'mutation' | 'subscription';
  /** The document: the operation and the fragments it spreads. */
  readonly document: string;
  /** What it does, in a sentence or two: the agent guide and the MCP tools show it. */
  readonly summary: string;
  readonly access: Access;
  /** Variables that show how to call it (placeholders in capitals stand for real ids). */
  readonly example: Readonly<Record<string, unknown>>;
}

/** Makes an entry from its source (one operation spreading fragments of fragments.ts). */
export function define(
  meta: { summary: string; access: Access; example?: Record<string, unknown> },
  source: string,
): Operation {
  const document = withFragments(source);
  const operations = parse(document).definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const [operation] = operations;
  if (operations.length !== 1 || !operation?.name)
    throw new Error(`A catalogue entry needs one named operation:\n${source}`);
  return {
    name: operation.name.value,
    kind: operation.operation,
    document,
    summary: meta.summary,
    access: meta.access,
    example: meta.example ?? {},
  };
}
