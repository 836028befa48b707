import path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { StripeSettings, stripeSettingsFromEnv } from '@streetteam/stripe';
import { SubgraphServiceConfig, subgraphAppModule } from '@streetteam/subgraph-service';
import { ClaimsModule } from './claims/claims.module';
import { RecoveryFaults } from './claims/stripe-refunds';
import { recoveryEntities } from './entities';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { FrontLineModule } from './front-line/front-line.module';
import { migrations } from './migrations';
import { OrdersModule } from './orders/orders.module';
import { ProgramsModule } from './programs/programs.module';

export interface RecoveryOptions {
  writeSchema?: boolean;
  /** Where refunds go; read (and validated) from STRIPE_* when omitted. */
  stripe?: StripeSettings;
  /** Tests only: crash points (see RecoveryFaults). */
  faults?: RecoveryFaults;
}

@Module({})
export class RecoveryModule {
  static forRoot(config: SubgraphServiceConfig, options: RecoveryOptions = {}): DynamicModule {
    const stripe = options.stripe ?? stripeSettingsFromEnv();
    return subgraphAppModule(RecoveryModule, config, {
      appDir: path.join(__dirname, '..'),
      entities: recoveryEntities,
      migrations,
      features: [ProgramsModule, FollowUpsModule, OrdersModule, ClaimsModule.forRoot(stripe, options.faults), FrontLineModule],
      writeSchema: options.writeSchema,
    });
  }
}
