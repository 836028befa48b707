import 'reflect-metadata';
import { runService } from '@streetteam/platform';
import { startSubgraphService } from '@streetteam/subgraph-service';
import { EnrollmentModule } from './enrollment.module';

void runService(() => startSubgraphService('enrollment', 4001, (config) => EnrollmentModule.forRoot(config)));
