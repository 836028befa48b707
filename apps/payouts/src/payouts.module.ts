import path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { SubgraphServiceConfig, subgraphAppModule } from '@streetteam/subgraph-service';
import { migrations } from './migrations';
import { payoutsConfigFromEnv, PayoutsConfig } from './payouts-config';
import { PayoutsConfigModule, payoutsFeatures } from './payouts-features';
import { ProgramEntity } from './programs/program.entity';
import { ProgramsModule } from './programs/programs.module';

@Module({})
export class PayoutsModule {
  /** `payouts` defaults to the environment (STRIPE_*, PAYOUTS_*), read and validated here, at start-up. */
  static forRoot(config: SubgraphServiceConfig, options: { writeSchema?: boolean; payouts?: PayoutsConfig } = {}): DynamicModule {
    const payouts = options.payouts ?? payoutsConfigFromEnv();
    return subgraphAppModule(PayoutsModule, config, {
      appDir: path.join(__dirname, '..'),
      entities: [ProgramEntity],
      migrations,
      features: [PayoutsConfigModule.forRoot(payouts), ProgramsModule, ...payoutsFeatures],
      writeSchema: options.writeSchema,
    });
  }
}
