/**
 * Operation limits, enforced in the yoga pipeline before any resolver runs (so before the context is
 * built and before any database query), on every transport: HTTP, SSE and WebSocket. A refused
 * operation gets `QUERY_TOO_COMPLEX`; the messages say what to change but never echo the limits.
 */
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';
import { tooComplex } from '../errors.js';

/** The limits. Change them here; the README's Security section lists them. */
export const OPERATION_LIMITS = Object.freeze({
  /** Nesting of fields, fragments included (the viewer's deepest query is a thread: 10). */
  maxDepth: 12,
  /** Aliased fields per operation (`__typename` aliases are free). */
  maxAliases: 15,
  /** Directives per operation. */
  maxDirectives: 20,
  /** Lexical tokens per document, checked while parsing. */
  maxTokens: 2000,
  /** Characters per document, checked before parsing. */
  maxQueryLength: 20_000,
  /** Cost: every field costs 1, and a list multiplies what it selects by its `first` (or by 10). */
  maxCost: 5000,
  /**
   * Largest HTTP request body, in bytes (413 above it, before parsing): room for a 40,000-character
   * post even if every character is sent JSON-escaped (`\uXXXX`, 6 bytes).
   */
  maxBodyBytes: 512 * 1024,
});

/** The page size a connection is charged for when `first` is absent, and the largest it may be. */
const MAX_PAGE = 100;
/** The multiplier of a list that has no `first` argument. */
const DEFAULT_LIST_SIZE = 10;

const refusal = {
  depth: 'The operation is nested too deeply; split it into several operations.',
  aliases: 'The operation uses too many aliases; split it into several operations.',
  directives: 'The operation uses too many directives.',
  tokens: 'The operation is too large; split it into several operations.',
  cost: 'The operation asks for too much at once: lower `first` on nested lists or split the operation.',
};

function reject(message: string) {
  return (ctx: { reportError(error: GraphQLError): void } | null) => ctx?.reportError(tooComplex(message));
}

/** graphql-armor's depth, alias and directive rules, reporting `QUERY_TOO_COMPLEX`. */
function armorPlugin(): Plugin {
  const quiet = { exposeLimits: false, propagateOnRejection: false } as const;
  return EnvelopArmorPlugin({
    maxDepth: { ...quiet, n: OPERATION_LIMITS.maxDepth, onReject: [reject(refusal.depth)] },
    maxAliases: { ...quiet, n: OPERATION_LIMITS.maxAliases, onReject: [reject(refusal.aliases)] },
    maxDirectives: { ...quiet, n: OPERATION_LIMITS.maxDirectives, onReject: [reject(refusal.directives)] },
    // Tokens, cost and suggestions are handled below, with our codes and variable-aware costs.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}

/** The value of an `Int` argument: a literal, a variable, or the argument's default. */
function intArgument(value: ValueNode | undefined, variables: Record<string, unknown>, fallback: unknown): number {
  let raw: unknown = fallback;
  if (value?.kind === Kind.INT) raw = Number(value.value);
  else if (value?.kind === Kind.VARIABLE) raw = variables[value.name.value] ?? fallback;
  return typeof raw === 'number' && Number.isFinite(raw) ? raw : MAX_PAGE;
}

/**
 * The cost of an operation. Linear in the document: each fragment's cost is computed once (fragments
 * that spread each other exponentially cannot make this slow), and a fragment cycle costs nothing
 * here (graphql's own rules reject it).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const memo = new Map<string, number>();

  function selectionCost(set: SelectionSetNode, parent: GraphQLCompositeType, introspection: boolean): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const key = `${name}:${String(introspection)}`;
        if (!memo.has(key)) {
          memo.set(key, 0); // a cycle counts as free while it is being computed
          const fragment = fragments.get(name);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          memo.set(
            key,
            fragment && isCompositeType(type) ? selectionCost(fragment.selectionSet, type, introspection) : 0,
          );
        }
        total += memo.get(key)!;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (isCompositeType(type)) total += selectionCost(selection.selectionSet, type, introspection);
      } else {
        const name = selection.name.value;
        if (name === '__typename') continue;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        if (name === '__schema' || name === '__type') {
          const type = schema.getType(name === '__schema' ? '__Schema' : '__Type');
          total +=
            1 +
            (selection.selectionSet && isCompositeType(type) ? selectionCost(selection.selectionSet, type, true) : 0);
          continue;
        }
        total += 1;
        if (!field || !selection.selectionSet) continue;
        const type = getNamedType(field.type);
        if (!isCompositeType(type)) continue;
        const child = selectionCost(selection.selectionSet, type, introspection);
        const pageArg = field.args.find((a) => a.name === 'first') ?? field.args.find((a) => a.name === 'last');
        let multiplier = 1;
        if (pageArg) {
          const given = selection.arguments?.find((a) => a.name.value === pageArg.name)?.value;
          multiplier = Math.min(MAX_PAGE, Math.max(1, intArgument(given, variables, pageArg.defaultValue)));
        } else if (isListType(getNullableType(field.type)) && !introspection && !parent.name.endsWith('Connection')) {
          multiplier = DEFAULT_LIST_SIZE; // a connection's edges/nodes were charged by its `first`
        }
        total += multiplier * child;
      }
    }
    return total;
  }

  let worst = 0;
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema.getRootType(def.operation);
    if (root) worst = Math.max(worst, selectionCost(def.selectionSet, root, false));
  }
  return worst;
}

function isTokenLimitError(error: unknown): boolean {
  return error instanceof GraphQLError && /Document contains more tha[nt] \d+ tokens/.test(error.message);
}

/** Checks the document's size before and while parsing, and its shape and cost while validating. */
export function operationLimitsPlugin(): Plugin[] {
  const sizePlugin: Plugin = {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        const text = typeof source === 'string' ? source : source.body;
        if (text.length > OPERATION_LIMITS.maxQueryLength) throw tooComplex(refusal.tokens);
        try {
          return parseFn(source, { ...options, maxTokens: OPERATION_LIMITS.maxTokens });
        } catch (error) {
          throw isTokenLimitError(error) ? tooComplex(refusal.tokens) : error;
        }
      });
    },
  };
  // The cost depends on the variables, so it is checked after validation proper, on every request:
  // yoga caches the variable-independent validation result per document (its cache stores the result
  // before this callback runs, and skips storing on a cache hit), and this check is added on top.
  const costPlugin: Plugin = {
    onValidate({ params: { schema, documentAST }, context }) {
      const params = (context as { params?: { variables?: unknown } }).params;
      const variables = params?.variables && typeof params.variables === 'object' ? params.variables : {};
      return ({ result, setResult }) => {
        if (
          result.length === 0 &&
          operationCost(schema, documentAST, variables as Record<string, unknown>) > OPERATION_LIMITS.maxCost
        ) {
          setResult([tooComplex(refusal.cost)]);
        }
      };
    },
  };
  return [sizePlugin, armorPlugin(), costPlugin];
}
