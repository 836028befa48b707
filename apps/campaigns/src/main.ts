import 'reflect-metadata';
import { runService } from '@streetteam/platform';
import { startSubgraphService } from '@streetteam/subgraph-service';
import { CampaignsModule } from './campaigns.module';

void runService(() => startSubgraphService('campaigns', 4002, (config) => CampaignsModule.forRoot(config)));
