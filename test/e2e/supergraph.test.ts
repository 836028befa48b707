// The supergraph is composed at build time and checked here: a change in one subgraph
// that breaks composition with the others, or that was not recomposed into the file the
// gateway serves, fails the build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@streetteam/local-infra';
import {
  composeSupergraph,
  readSubgraphSources,
  SUBGRAPHS,
  SUPERGRAPH_FILE,
  supergraphFileText,
} from '../../infra/graphql/compose-supergraph';

describe('the supergraph', () => {
  const root = repoRoot();

  it('does compose every committed subgraph schema without errors', () => {
    const outcome = composeSupergraph(readSubgraphSources(root));
    expect(outcome.ok ? [] : outcome.errors).toEqual([]);
  });

  it('does match the supergraph the gateway serves (run npm run supergraph)', () => {
    const outcome = composeSupergraph(readSubgraphSources(root));
    if (!outcome.ok) throw new Error(`composition failed: ${outcome.errors.join('; ')}`);
    const committed = readFileSync(join(root, SUPERGRAPH_FILE), 'utf8');
    // A bare toEqual would print the whole schema; the hint is what a developer needs.
    if (committed !== supergraphFileText(outcome.supergraphSdl)) {
      throw new Error(`${SUPERGRAPH_FILE} is out of date with apps/*/schema.graphql: run npm run supergraph`);
    }
    expect(committed).toBe(supergraphFileText(outcome.supergraphSdl));
  });

  it('does route to each of the four services', () => {
    const outcome = composeSupergraph(readSubgraphSources(root));
    if (!outcome.ok) throw new Error(`composition failed: ${outcome.errors.join('; ')}`);
    for (const { name, url } of SUBGRAPHS) {
      expect(outcome.supergraphSdl).toContain(`@join__graph(name: "${name}", url: "${url}")`);
    }
  });

  it('does report a breaking change between subgraphs as a composition error', () => {
    // Two services disagreeing on a shared field's type is what composition must catch.
    const outcome = composeSupergraph([
      {
        name: 'enrollment',
        url: 'http://127.0.0.1:4001/graphql',
        sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
              type Query { program(id: ID!): Program }
              type Program @key(fields: "id") { id: ID! currency: String! @shareable }`,
      },
      {
        name: 'payouts',
        url: 'http://127.0.0.1:4003/graphql',
        sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
              type Program @key(fields: "id") { id: ID! currency: Int! @shareable }`,
      },
    ]);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? [] : outcome.errors.join('\n')).toMatch(/FIELD_TYPE_MISMATCH.*Program\.currency/);
  });
});
