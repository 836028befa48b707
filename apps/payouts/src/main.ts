import 'reflect-metadata';
import { runService } from '@streetteam/platform';
import { startSubgraphService } from '@streetteam/subgraph-service';
import { PayoutsModule } from './payouts.module';

void runService(() => startSubgraphService('payouts', 4003, (config) => PayoutsModule.forRoot(config)));
