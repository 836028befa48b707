import 'reflect-metadata';
import { createServiceApp, runService } from '@streetteam/platform';
import { loadGatewayConfig } from './gateway-config';
import { GatewayModule } from './gateway.module';

void runService(async () => {
  const config = loadGatewayConfig();
  await createServiceApp(GatewayModule.forRoot(config), { service: 'gateway', port: config.port, host: config.host });
});
