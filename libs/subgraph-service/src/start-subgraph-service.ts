import { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServiceApp } from '@streetteam/platform';
import { loadSubgraphServiceConfig, SubgraphServiceConfig } from './service-config';

/** What a service's main.ts runs (inside runService, which reports a bad start in one line). */
export async function startSubgraphService(
  service: string,
  defaultPort: number,
  appModule: (config: SubgraphServiceConfig) => DynamicModule,
): Promise<NestExpressApplication> {
  const config = loadSubgraphServiceConfig(service, defaultPort);
  return createServiceApp(appModule(config), { service, port: config.port, host: config.host, trustProxy: config.trustProxy });
}
