import { readFileSync, writeFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';

/**
 * Writes the subgraph's SDL, federation directives included (what `_service { sdl }`
 * answers), so the supergraph can be composed at build time from committed files.
 * Nest's own autoSchemaFile prints the schema without @key and @link.
 */
@Injectable()
export class SubgraphSchemaWriter implements OnApplicationBootstrap {
  constructor(
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly file: string,
  ) {}

  onApplicationBootstrap(): void {
    const sdl = `${printSubgraphSchema(this.schemaHost.schema).trim()}\n`;
    let current: string | undefined;
    try {
      current = readFileSync(this.file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== sdl) writeFileSync(this.file, sdl);
  }
}
