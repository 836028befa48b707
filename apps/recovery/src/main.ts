import 'reflect-metadata';
import { runService } from '@streetteam/platform';
import { startSubgraphService } from '@streetteam/subgraph-service';
import { RecoveryModule } from './recovery.module';

void runService(() => startSubgraphService('recovery', 4004, (config) => RecoveryModule.forRoot(config)));
