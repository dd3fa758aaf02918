/** The root fields an operation selects, read from its document before it runs. */
import {
  getOperationAST,
  Kind,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The operation that will run and its root field nodes, one per occurrence (aliases count, fragments
 * and inline fragments are followed, each named fragment once; `__typename` and other meta fields
 * are left out).
 */
export function rootFieldsOf(
  document: DocumentNode,
  operationName?: string | null,
): { operation: OperationDefinitionNode | null; fields: FieldNode[] } {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { operation: null, fields: [] };
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) fields.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return { operation, fields };
}
