import 'reflect-metadata';
import { runService } from '@streetteam/platform';
import { stripeSettingsFromEnv } from '@streetteam/stripe';
import { startSubgraphService } from '@streetteam/subgraph-service';
import { RecoveryModule } from './recovery.module';

// Stripe settings are read inside runService, so a bad STRIPE_* value stops start-up with one line.
void runService(() => startSubgraphService('recovery', 4004, (config) => RecoveryModule.forRoot(config, { stripe: stripeSettingsFromEnv() })));
