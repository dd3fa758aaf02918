/**
 * A tool's arguments, derived from its catalogue operation and the schema: the operation's variables
 * (an `$input` object's fields appear as top-level arguments, the way an LLM expects them), typed from
 * the GraphQL types and described with the schema's own descriptions. Only the types are checked here;
 * every rule on values (lengths, formats, ranges) stays in the API, which answers BAD_USER_INPUT.
 */
import {
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  parse,
  print,
  astFromValue,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import * as z from 'zod';

/** The arguments of one tool: their shape, and how they become the operation's variables. */
export interface ToolArguments {
  readonly shape: Record<string, z.ZodType>;
  toVariables(args: Record<string, unknown>): Record<string, unknown>;
}

/** The variable that, when it is an input object, has its fields spread into the tool's arguments. */
const FLATTENED = 'input';

function baseType(type: GraphQLInputType): z.ZodType {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return z.array(typed(nullable.ofType, undefined, undefined));
  if (isEnumType(nullable)) {
    const [first, ...rest] = nullable.getValues().map((v) => v.name);
    return z.enum([first!, ...rest]);
  }
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields());
    return z.object(Object.fromEntries(fields.map((f) => [f.name, typed(f.type, f.description, f.defaultValue)])));
  }
  if (isScalarType(nullable) && nullable.name === 'Int') return z.number().int();
  if (isScalarType(nullable) && nullable.name === 'Float') return z.number();
  if (isScalarType(nullable) && nullable.name === 'Boolean') return z.boolean();
  return z.string(); // String, ID, DateTime
}

/** The zod type of a GraphQL input type: required when non-null, described, its default named. */
function typed(type: GraphQLInputType, description: string | null | undefined, defaultValue: unknown): z.ZodType {
  const literal = defaultValue === undefined ? null : astFromValue(defaultValue, type);
  const text = [description, literal ? `Default: ${print(literal)}.` : null].filter(Boolean).join(' ');
  const base = text ? baseType(type).describe(text) : baseType(type);
  return isNonNullType(type) ? base : base.optional();
}

/** The field argument each variable is passed to: variables have no description or default of their own. */
function argumentsOfVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): Map<string, GraphQLArgument> {
  const found = new Map<string, GraphQLArgument>();
  const info = new TypeInfo(schema);
  visit(
    operation,
    visitWithTypeInfo(info, {
      Argument(node) {
        const argument = info.getArgument();
        if (node.value.kind === Kind.VARIABLE && argument && !found.has(node.value.name.value)) {
          found.set(node.value.name.value, argument);
        }
      },
    }),
  );
  return found;
}

/** Derives the arguments of a tool that runs `document` (one operation) against `schema`. */
export function toolArguments(schema: GraphQLSchema, document: string): ToolArguments {
  const operation = parse(document).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const usedAs = argumentsOfVariables(schema, operation);
  const shape: Record<string, z.ZodType> = {};
  let flattened = false;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType;
    const inputObject = getNullableType(type);
    if (name === FLATTENED && isInputObjectType(inputObject)) {
      flattened = true;
      for (const field of Object.values(inputObject.getFields())) {
        shape[field.name] = typed(field.type, field.description, field.defaultValue);
      }
      continue;
    }
    shape[name] = typed(type, usedAs.get(name)?.description, usedAs.get(name)?.defaultValue);
  }
  const variableNames = new Set((operation.variableDefinitions ?? []).map((d) => d.variable.name.value));
  return {
    shape,
    toVariables(args) {
      if (!flattened) return args;
      const variables: Record<string, unknown> = {};
      const input: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(args)) (variableNames.has(key) ? variables : input)[key] = value;
      return { ...variables, [FLATTENED]: input };
    },
  };
}
