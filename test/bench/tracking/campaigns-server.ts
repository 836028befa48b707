// The campaigns service as main.ts starts it, except that it writes no schema.graphql
// (a benchmark leaves the working tree alone).
import 'reflect-metadata';
import { runService } from '@streetteam/platform';
import { startSubgraphService } from '@streetteam/subgraph-service';
import { CampaignsModule } from '../../../apps/campaigns/src/campaigns.module';

void runService(() => startSubgraphService('campaigns', 4002, (config) => CampaignsModule.forRoot(config, { writeSchema: false })));
