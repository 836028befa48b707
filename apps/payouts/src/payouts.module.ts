import path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { SubgraphServiceConfig, SubgraphServiceModule } from '@streetteam/subgraph-service';
import { migrations } from './migrations';
import { ProgramEntity } from './programs/program.entity';
import { ProgramsModule } from './programs/programs.module';

@Module({})
export class PayoutsModule {
  static forRoot(config: SubgraphServiceConfig, options: { writeSchema?: boolean } = {}): DynamicModule {
    return {
      module: PayoutsModule,
      imports: [
        SubgraphServiceModule.forRoot({
          config,
          entities: [ProgramEntity],
          migrations,
          schemaFile: options.writeSchema === false ? undefined : path.join(__dirname, '..', 'schema.graphql'),
        }),
        ProgramsModule,
      ],
    };
  }
}
