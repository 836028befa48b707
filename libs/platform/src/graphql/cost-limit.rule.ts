import {
  ArgumentNode,
  FieldNode,
  GraphQLError,
  Kind,
  ObjectFieldNode,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
  ValueNode,
} from 'graphql';
import { fragmentsOf } from './depth-limit.rule';
import { QUERY_TOO_COMPLEX } from './graphql-error-codes';

export const DEFAULT_MAX_COST = 1000;

export interface CostLimitOptions {
  /** Arguments that size a list; the field's selections count that many times. */
  listSizeArguments?: readonly string[];
  /**
   * Size assumed when the size is a variable without a default: validation runs before
   * variables are known (and is cached per document), so resolvers must still cap it.
   */
  unknownListSize?: number;
}

/**
 * Rejects operations whose cost exceeds `maxCost`. Cost: every selected field counts 1
 * (fragments expanded), times the product of the list sizes (`first`, `last`, `limit`
 * arguments, also inside a `page`-like input object) of the fields above it. Counting stops
 * as soon as the limit is passed, so a fragment bomb cannot make the rule itself slow.
 */
export function costLimitRule(maxCost: number = DEFAULT_MAX_COST, options: CostLimitOptions = {}): ValidationRule {
  const sizeArguments = new Set(options.listSizeArguments ?? ['first', 'last', 'limit']);
  const unknownListSize = options.unknownListSize ?? 10;
  return (context: ValidationContext) => {
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(operation: OperationDefinitionNode) {
        const variableDefaults = new Map<string, ValueNode | undefined>();
        for (const definition of operation.variableDefinitions ?? []) {
          variableDefaults.set(definition.variable.name.value, definition.defaultValue);
        }
        const sizeOfValue = (value: ValueNode): number | undefined => {
          if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
          if (value.kind === Kind.VARIABLE) {
            const fallback = variableDefaults.get(value.name.value);
            return fallback?.kind === Kind.INT ? Number.parseInt(fallback.value, 10) : unknownListSize;
          }
          return undefined;
        };
        const listSize = (field: FieldNode): number => {
          const sizes: number[] = [];
          const collect = (args: ReadonlyArray<ArgumentNode | ObjectFieldNode>) => {
            for (const arg of args) {
              if (sizeArguments.has(arg.name.value)) {
                const size = sizeOfValue(arg.value);
                if (size !== undefined) sizes.push(size);
              } else if (arg.value.kind === Kind.OBJECT) {
                collect(arg.value.fields);
              }
            }
          };
          collect(field.arguments ?? []);
          return sizes.length === 0 ? 1 : Math.max(1, ...sizes);
        };

        let cost = 0;
        const add = (selectionSet: SelectionSetNode, multiplier: number, visiting: Set<string>): void => {
          for (const selection of selectionSet.selections) {
            if (cost > maxCost) return;
            if (selection.kind === Kind.FIELD) {
              cost += multiplier;
              // Introspection is counted as one field: its depth is by design, see depthLimitRule.
              if (selection.selectionSet && !selection.name.value.startsWith('__')) {
                add(selection.selectionSet, multiplier * listSize(selection), visiting);
              }
            } else if (selection.kind === Kind.INLINE_FRAGMENT) {
              add(selection.selectionSet, multiplier, visiting);
            } else {
              const name = selection.name.value;
              const fragment = fragments.get(name);
              if (!fragment || visiting.has(name)) continue;
              visiting.add(name);
              add(fragment.selectionSet, multiplier, visiting);
              visiting.delete(name);
            }
          }
        };
        add(operation.selectionSet, 1, new Set());
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`Query cost exceeds the maximum of ${maxCost}`, {
              nodes: [operation],
              extensions: { code: QUERY_TOO_COMPLEX, maxCost },
            }),
          );
        }
      },
    };
  };
}
