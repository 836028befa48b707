import {
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { QUERY_TOO_COMPLEX } from './graphql-error-codes';

export const DEFAULT_MAX_DEPTH = 10;

/**
 * Rejects operations nested deeper than `maxDepth` fields (`{ a { b } }` is 2 deep),
 * fragments expanded. Introspection fields (`__schema`, `__type`) are not counted: their
 * standard query is deep by design, and introspection is switched off in production.
 */
export function depthLimitRule(maxDepth: number = DEFAULT_MAX_DEPTH): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = fragmentsOf(context);
    // A fragment's depth is the same wherever it is spread: memoised, a fragment bomb costs
    // one walk per fragment instead of one per expansion.
    const fragmentDepths = new Map<string, number>();
    const depthOf = (selectionSet: SelectionSetNode, visiting: Set<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const below = selection.selectionSet ? depthOf(selection.selectionSet, visiting) : 0;
          deepest = Math.max(deepest, 1 + below);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // Unknown and cyclic fragments are reported by graphql's own rules.
          if (!fragment || visiting.has(name)) continue;
          let depth = fragmentDepths.get(name);
          if (depth === undefined) {
            visiting.add(name);
            depth = depthOf(fragment.selectionSet, visiting);
            visiting.delete(name);
            fragmentDepths.set(name, depth);
          }
          deepest = Math.max(deepest, depth);
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation: OperationDefinitionNode) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query is ${depth} levels deep; the maximum is ${maxDepth}`, {
              nodes: [operation],
              extensions: { code: QUERY_TOO_COMPLEX, depth, maxDepth },
            }),
          );
        }
      },
    };
  };
}

export function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}
