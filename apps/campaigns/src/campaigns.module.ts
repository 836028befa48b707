import path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { SubgraphServiceConfig, subgraphAppModule } from '@streetteam/subgraph-service';
import { migrations } from './migrations';
import { ProgramEntity } from './programs/program.entity';
import { ProgramsModule } from './programs/programs.module';
import { IdeaAnswerEntity, IdeaEntity } from './ideas/idea.entity';
import { IdeasModule } from './ideas/ideas.module';

@Module({})
export class CampaignsModule {
  static forRoot(config: SubgraphServiceConfig, options: { writeSchema?: boolean } = {}): DynamicModule {
    return subgraphAppModule(CampaignsModule, config, {
      appDir: path.join(__dirname, '..'),
      entities: [
        ProgramEntity,
        IdeaEntity,
        IdeaAnswerEntity,
      ],
      migrations,
      features: [
        ProgramsModule,
        IdeasModule,
      ],
      ...options,
    });
  }
}
