import { Kind, parse, StringValueNode } from 'graphql';

/** A subgraph as the composed supergraph names it (`enum join__Graph`). */
export interface SupergraphSubgraph {
  /** The name composition was given (`enrollment`, `campaigns`, …). */
  name: string;
  /** The URL written at composition time; the gateway's configuration overrides it. */
  url: string;
}

/**
 * The subgraphs a supergraph SDL routes to, read from its `join__Graph` enum.
 * @throws Error when the text is not GraphQL or names no subgraph.
 */
export function supergraphSubgraphs(supergraphSdl: string): SupergraphSubgraph[] {
  const document = parse(supergraphSdl, { noLocation: true });
  const subgraphs: SupergraphSubgraph[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((directive) => directive.name.value === 'join__graph');
      const name = stringArgument(graph?.arguments, 'name');
      if (name !== undefined) subgraphs.push({ name, url: stringArgument(graph?.arguments, 'url') ?? '' });
    }
  }
  if (subgraphs.length === 0) throw new Error('the supergraph names no subgraph (no join__Graph enum)');
  return subgraphs;
}

function stringArgument(
  args: ReadonlyArray<{ name: { value: string }; value: { kind: Kind } }> | undefined,
  name: string,
): string | undefined {
  const value = args?.find((arg) => arg.name.value === name)?.value;
  return value?.kind === Kind.STRING ? (value as StringValueNode).value : undefined;
}
