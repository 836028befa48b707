import path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { SubgraphServiceConfig, subgraphAppModule } from '@streetteam/subgraph-service';
import { migrations } from './migrations';
import { ProgramEntity } from './programs/program.entity';
import { ProgramsModule } from './programs/programs.module';

@Module({})
export class RecoveryModule {
  static forRoot(config: SubgraphServiceConfig, options: { writeSchema?: boolean } = {}): DynamicModule {
    return subgraphAppModule(RecoveryModule, config, {
      appDir: path.join(__dirname, '..'),
      entities: [ProgramEntity],
      migrations,
      features: [ProgramsModule],
      ...options,
    });
  }
}
