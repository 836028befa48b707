import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph, SUBGRAPHS, supergraphFileText } from '../graphql/compose-supergraph';

/**
 * Composes the supergraph from the SDL the running services just wrote, into
 * `file`, for the gateway to serve. So `npm start` always serves the schema the code
 * has now, with only the services that exist; the committed
 * apps/gateway/supergraph.graphql (`npm run supergraph`) is what CI and production
 * check. Throws listing every composition error.
 */
export function composeDevSupergraph(root: string, services: readonly string[], file: string): void {
  const sources = SUBGRAPHS.filter(({ name }) => services.includes(name)).map(({ name, url, schemaFile }) => ({
    name,
    url,
    sdl: readFileSync(path.join(root, schemaFile), 'utf8'),
  }));
  const outcome = composeSupergraph(sources);
  if (!outcome.ok) {
    throw new Error(`the subgraphs do not compose:\n${outcome.errors.map((error) => `  - ${error}`).join('\n')}`);
  }
  writeFileSync(file, supergraphFileText(outcome.supergraphSdl));
}
