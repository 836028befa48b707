import { supergraphSubgraphs } from './supergraph-subgraphs';

const SUPERGRAPH = `
schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION) { query: Query }
enum join__Graph {
  CAMPAIGNS @join__graph(name: "campaigns", url: "http://127.0.0.1:4002/graphql")
  ENROLLMENT @join__graph(name: "enrollment", url: "http://127.0.0.1:4001/graphql")
}
type Query @join__type(graph: ENROLLMENT) { program(id: ID!): String }
`;

describe('supergraphSubgraphs', () => {
  it('does list each subgraph with its composed URL when the supergraph names them', () => {
    expect(supergraphSubgraphs(SUPERGRAPH)).toEqual([
      { name: 'campaigns', url: 'http://127.0.0.1:4002/graphql' },
      { name: 'enrollment', url: 'http://127.0.0.1:4001/graphql' },
    ]);
  });

  it('does refuse a schema when it is not a composed supergraph', () => {
    expect(() => supergraphSubgraphs('type Query { program: String }')).toThrow('the supergraph names no subgraph');
  });

  it('does refuse text when it is not GraphQL', () => {
    expect(() => supergraphSubgraphs('{ not graphql')).toThrow(/Syntax Error/);
  });
});
