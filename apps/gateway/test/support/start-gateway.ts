import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServiceApp } from '@streetteam/platform';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { loadGatewayConfig } from '../../src/gateway-config';
import { GatewayModule } from '../../src/gateway.module';
import { PROGRAM_SUBGRAPH_SDL } from './program-subgraph';

export const TEST_SIGNING_KEY = 'gateway-test-signing-key-0123456789abcdef';

export interface RunningGateway {
  url: string;
  origin: string;
  logLines: string[];
  stop(): Promise<void>;
}

/**
 * Composes a supergraph with the test subgraph as `enrollment`, writes it where
 * SUPERGRAPH_FILE points, and boots the real gateway module on a free port, configured
 * from an environment as main.ts would be.
 */
export async function startGateway(subgraphUrl: string, env: Record<string, string> = {}): Promise<RunningGateway> {
  // The same composition `npm run supergraph` runs (infra/graphql), called directly: an
  // app's tests may not import files outside the project.
  const composed = composeServices([{ name: 'enrollment', url: subgraphUrl, typeDefs: parse(PROGRAM_SUBGRAPH_SDL) }]);
  if (composed.errors) throw new Error(`test supergraph does not compose: ${composed.errors.map((e) => e.message).join('; ')}`);
  const folder = mkdtempSync(join(tmpdir(), 'gateway-test-'));
  const supergraphFile = join(folder, 'supergraph.graphql');
  writeFileSync(supergraphFile, composed.supergraphSdl);
  const config = loadGatewayConfig({
    AUTH_DEV_SIGNING_KEY: TEST_SIGNING_KEY,
    ENROLLMENT_URL: subgraphUrl,
    SUPERGRAPH_FILE: supergraphFile,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const logLines: string[] = [];
  const app: NestExpressApplication = await createServiceApp(
    GatewayModule.forRoot(config, { writeLog: (line) => logLines.push(line) }),
    { service: 'gateway', port: 0 },
  );
  const { port } = app.getHttpServer().address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/graphql`,
    origin,
    logLines,
    stop: async () => {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
